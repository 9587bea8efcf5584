package org.karafpxe.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.engine.ChainResult;
import org.karafpxe.engine.StepOutcome;
import org.karafpxe.engine.TraceStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's walk down the chain. The providers are asked one after another on one worker, each
 * under a watchdog: a provider that overruns its budget is left to finish on that worker (never
 * interrupted), and the watchdog goes on with the next provider on another worker. So a request
 * costs one hand-over to a worker, however many providers it meets, and a hung provider costs its
 * worker but never the chain's deadline.
 */
final class ChainRun {
    private static final Logger LOG = LoggerFactory.getLogger(ChainRun.class);

    private final BootRequest request;
    private final List<ProviderEntry> providers;
    private final ChainSettings settings;
    private final ExecutorService workers;
    private final ScheduledExecutorService watchdogs;
    private final CompletableFuture<ChainResult> result;
    /** Touched by one thread at a time: the worker, or the watchdog that took over from it. */
    private final List<TraceStep> steps = new ArrayList<>();
    private final long start = System.nanoTime();
    private final long deadline;

    ChainRun(BootRequest request, List<ProviderEntry> providers, ChainSettings settings,
            ExecutorService workers, ScheduledExecutorService watchdogs, CompletableFuture<ChainResult> result) {
        this.request = request;
        this.providers = providers;
        this.settings = settings;
        this.workers = workers;
        this.watchdogs = watchdogs;
        this.result = result;
        this.deadline = start + TimeUnit.MILLISECONDS.toNanos(settings.chainDeadlineMillis());
    }

    void start() {
        continueOnWorker(0);
    }

    private void continueOnWorker(int index) {
        try {
            workers.execute(() -> askFrom(index));
        } catch (RejectedExecutionException e) {
            String why = "no free worker (all busy, and " + ChainEngine.QUEUE_CAPACITY + " requests waiting)";
            for (int i = index; i < providers.size(); i++) {
                record(providers.get(i), StepOutcome.REJECTED, why, 0);
            }
            finish(Decision.ignore(why));
        }
    }

    /** Asks providers from {@code index} on, on this worker, until one decides or one overruns. */
    private void askFrom(int index) {
        for (int i = index; ; i++) {
            if (i == providers.size()) {
                finish(Decision.ignore(providers.isEmpty() ? "no provider in the chain" : "every provider passed"));
                return;
            }
            long now = System.nanoTime();
            long left = deadline - now;
            if (left <= 0) {
                finish(Decision.ignore("chain deadline of " + settings.chainDeadlineMillis() + " ms passed; "
                        + (providers.size() - i) + " provider(s) not asked"));
                return;
            }
            ProviderEntry entry = providers.get(i);
            long budget = Math.min(TimeUnit.MILLISECONDS.toNanos(settings.providerBudgetMillis()), left);
            AtomicBoolean settled = new AtomicBoolean();
            int next = i + 1;
            ScheduledFuture<?> watchdog = watchdogs.schedule(() -> {
                if (settled.compareAndSet(false, true)) {
                    record(entry, StepOutcome.TIMEOUT, "no answer within " + TimeUnit.NANOSECONDS.toMillis(budget)
                            + " ms", System.nanoTime() - now);
                    continueOnWorker(next);
                }
            }, budget, TimeUnit.NANOSECONDS);
            Decision decision = null;
            Throwable failure = null;
            try {
                decision = entry.provider().decide(request);
            } catch (Throwable t) {
                failure = t;
            }
            watchdog.cancel(false);
            if (!settled.compareAndSet(false, true)) {
                // Too late: the watchdog has gone on without this answer.
                return;
            }
            long took = System.nanoTime() - now;
            if (failure != null) {
                LOG.warn("Provider {} failed on a request from {}; taken as PASS: {}", entry.name(), request.mac(),
                        failure.toString());
                LOG.debug("Provider {} failure", entry.name(), failure);
                record(entry, StepOutcome.ERROR, "failed: " + failure, took);
            } else if (decision == null) {
                record(entry, StepOutcome.ERROR, "returned no decision", took);
            } else {
                StepOutcome outcome = decision instanceof Decision.Service ? StepOutcome.SERVICE
                        : decision instanceof Decision.Ignore ? StepOutcome.IGNORE : StepOutcome.PASS;
                record(entry, outcome, decision.reason(), took);
                if (outcome != StepOutcome.PASS) {
                    finish(decision);
                    return;
                }
            }
        }
    }

    private void record(ProviderEntry entry, StepOutcome outcome, String reason, long took) {
        entry.counters().count(outcome);
        steps.add(new TraceStep(entry.name(), entry.ranking(), outcome, reason, took));
    }

    private void finish(Decision decision) {
        ChainResult chainResult = new ChainResult(decision, steps, System.nanoTime() - start);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {}: {}", request.port(), request.mac(), chainResult.describe());
        }
        result.complete(chainResult);
    }
}
