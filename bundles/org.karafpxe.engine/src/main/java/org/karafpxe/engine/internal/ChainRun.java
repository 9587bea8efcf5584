package org.karafpxe.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.engine.ChainResult;
import org.karafpxe.engine.StepOutcome;
import org.karafpxe.engine.TraceStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's walk down the chain. The providers are asked one after another on one worker,
 * each watched by the {@link StepWatchdog}: a provider that overruns its budget is left to finish
 * on that worker (never interrupted), and the watchdog goes on with the next provider on another
 * worker. So a request costs one hand-over to a worker, however many providers it meets, and a hung
 * provider costs its worker but never the chain's deadline.
 *
 * <p>Started on the caller's thread, the walk first asks there the providers that say they decide
 * the request without blocking, and hands the rest of it to a worker at the first one that does
 * not. A request that meets only such providers costs no hand-over at all.
 */
final class ChainRun {
    private static final Logger LOG = LoggerFactory.getLogger(ChainRun.class);

    private final BootRequest request;
    private final List<ProviderEntry> providers;
    private final ChainSettings settings;
    private final ExecutorService workers;
    private final StepWatchdog watchdog;
    private final CompletableFuture<ChainResult> result;
    /** Where the request's times go; null for a dry run, which is not counted. */
    private final ChainClocks clocks;
    /** Touched by one thread at a time: the worker, or the watchdog that took over from it. */
    private final List<TraceStep> steps = new ArrayList<>();
    private final long start = System.nanoTime();
    private final long deadline;
    /** How long the request waited for a worker, once one took it. Touched as {@link #steps} is. */
    private long waited;
    private boolean taken;
    /*
     * The step in progress, for the watchdog: its start and budget are written before its index,
     * and read after it. Whoever settles step i (its worker with an answer, or the watchdog with a
     * timeout) moves settled from i - 1 to i; the other one then leaves the step alone.
     */
    private volatile long stepStarted;
    private volatile long stepBudget;
    private volatile int asking = -1;
    private final AtomicInteger settled = new AtomicInteger(-1);

    ChainRun(BootRequest request, List<ProviderEntry> providers, ChainSettings settings,
            ExecutorService workers, StepWatchdog watchdog, ChainClocks clocks, CompletableFuture<ChainResult> result) {
        this.request = request;
        this.providers = providers;
        this.settings = settings;
        this.workers = workers;
        this.watchdog = watchdog;
        this.clocks = clocks;
        this.result = result;
        this.deadline = start + TimeUnit.MILLISECONDS.toNanos(settings.chainDeadlineMillis());
    }

    /** Starts the walk: on a worker, or on this thread while the providers decide without blocking. */
    void start(boolean onThisThread) {
        watchdog.add(this);
        if (onThisThread) {
            askFrom(0, true);
        } else {
            continueOnWorker(0);
        }
    }

    /**
     * Called by the watchdog: times out the step in progress if it is past its budget, and goes on
     * with the next provider on another worker.
     *
     * @return when the step in progress is due, or {@link Long#MAX_VALUE} if none is to be watched
     */
    long checkStep(long now) {
        int i = asking;
        if (i < 0) {
            return Long.MAX_VALUE;
        }
        // Read after the index: these belong to step i or a later one. If later, step i is settled
        // and the compare-and-set below fails.
        long started = stepStarted;
        long budget = stepBudget;
        long due = started + budget;
        if (now - due < 0) {
            return due;
        }
        if (settled.compareAndSet(i - 1, i)) {
            asking = -1;
            record(providers.get(i), StepOutcome.TIMEOUT,
                    "no answer within " + TimeUnit.NANOSECONDS.toMillis(budget) + " ms", now - started);
            continueOnWorker(i + 1);
        }
        return Long.MAX_VALUE;
    }

    private void continueOnWorker(int index) {
        long queued = System.nanoTime();
        try {
            workers.execute(() -> {
                if (!taken) {
                    taken = true;
                    waited = System.nanoTime() - queued;
                }
                askFrom(index, false);
            });
        } catch (RejectedExecutionException e) {
            String why = "no free worker (all busy, and " + ChainEngine.QUEUE_CAPACITY + " requests waiting)";
            for (int i = index; i < providers.size(); i++) {
                record(providers.get(i), StepOutcome.REJECTED, why, 0);
            }
            finish(Decision.ignore(why));
        }
    }

    /**
     * Asks providers from {@code index} on, on this thread, until one decides or one overruns; with
     * {@code onlyWithoutBlocking}, hands the rest to a worker at the first provider that may block.
     */
    private void askFrom(int index, boolean onlyWithoutBlocking) {
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
            if (onlyWithoutBlocking && !decidesWithoutBlocking(entry)) {
                continueOnWorker(i);
                return;
            }
            stepStarted = now;
            stepBudget = Math.min(TimeUnit.MILLISECONDS.toNanos(settings.providerBudgetMillis()), left);
            asking = i;
            Decision decision = null;
            Throwable failure = null;
            try {
                decision = entry.provider().decide(request);
            } catch (Throwable t) {
                failure = t;
            }
            if (!settled.compareAndSet(i - 1, i)) {
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

    private boolean decidesWithoutBlocking(ProviderEntry entry) {
        try {
            return entry.provider().decidesWithoutBlocking(request);
        } catch (RuntimeException e) {
            LOG.debug("Provider {} could not tell whether it blocks; asked on a worker", entry.name(), e);
            return false;
        }
    }

    private void record(ProviderEntry entry, StepOutcome outcome, String reason, long took) {
        if (outcome == StepOutcome.REJECTED || request.dryRun()) {
            entry.counters().count(outcome);
        } else {
            entry.counters().count(outcome, took);
        }
        steps.add(new TraceStep(entry.name(), entry.ranking(), outcome, reason, took));
    }

    private void finish(Decision decision) {
        watchdog.remove(this);
        long decided = System.nanoTime();
        if (clocks != null) {
            clocks.record(waited, decided - start - waited);
        }
        ChainResult chainResult = new ChainResult(decision, steps, decided - start);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {}: {}", request.port(), request.mac(), chainResult.describe());
        }
        result.complete(chainResult);
    }
}
