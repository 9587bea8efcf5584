package org.karafpxe.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.engine.ChainResult;
import org.karafpxe.engine.StepOutcome;
import org.karafpxe.engine.TraceStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's walk down the chain. Each provider runs on a worker under a timer; no thread
 * waits for a provider, so a hung provider costs its worker but never the chain's deadline.
 */
final class ChainRun {
    private static final Logger LOG = LoggerFactory.getLogger(ChainRun.class);

    private final BootRequest request;
    private final List<ProviderEntry> providers;
    private final ChainSettings settings;
    private final ExecutorService workers;
    private final CompletableFuture<ChainResult> result;
    private final List<TraceStep> steps = new ArrayList<>();
    private final long start = System.nanoTime();
    private final long deadline;

    ChainRun(BootRequest request, List<ProviderEntry> providers, ChainSettings settings,
            ExecutorService workers, CompletableFuture<ChainResult> result) {
        this.request = request;
        this.providers = providers;
        this.settings = settings;
        this.workers = workers;
        this.result = result;
        this.deadline = start + TimeUnit.MILLISECONDS.toNanos(settings.chainDeadlineMillis());
    }

    void start() {
        ask(0);
    }

    private void ask(int index) {
        if (index == providers.size()) {
            finish(Decision.ignore(providers.isEmpty() ? "no provider in the chain" : "every provider passed"));
            return;
        }
        long now = System.nanoTime();
        long left = deadline - now;
        if (left <= 0) {
            finish(Decision.ignore("chain deadline of " + settings.chainDeadlineMillis() + " ms passed; "
                    + (providers.size() - index) + " provider(s) not asked"));
            return;
        }
        ProviderEntry entry = providers.get(index);
        long budget = Math.min(TimeUnit.MILLISECONDS.toNanos(settings.providerBudgetMillis()), left);
        CompletableFuture<Decision> call = new CompletableFuture<>();
        Future<?> task;
        try {
            task = workers.submit(() -> invoke(entry, call));
        } catch (RejectedExecutionException e) {
            record(entry, StepOutcome.REJECTED, "no free worker (all busy, and " + ChainEngine.QUEUE_CAPACITY + " calls waiting)", 0);
            ask(index + 1);
            return;
        }
        call.orTimeout(budget, TimeUnit.NANOSECONDS).whenComplete((decision, error) -> {
            long took = System.nanoTime() - now;
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                if (cause instanceof TimeoutException) {
                    // Not started yet: it never will be. Running: it runs on, never interrupted, since an
                    // interrupt in the middle of I/O closes file channels under an embedded database
                    // (H2 then closes itself) and breaks many drivers; the chain just stops waiting.
                    task.cancel(false);
                    record(entry, StepOutcome.TIMEOUT, "no answer within " + TimeUnit.NANOSECONDS.toMillis(budget)
                            + " ms", took);
                } else {
                    LOG.warn("Provider {} failed on a request from {}; taken as PASS: {}", entry.name(),
                            request.mac(), cause.toString());
                    LOG.debug("Provider {} failure", entry.name(), cause);
                    record(entry, StepOutcome.ERROR, "failed: " + cause, took);
                }
                ask(index + 1);
            } else if (decision == null) {
                record(entry, StepOutcome.ERROR, "returned no decision", took);
                ask(index + 1);
            } else {
                StepOutcome outcome = decision instanceof Decision.Service ? StepOutcome.SERVICE
                        : decision instanceof Decision.Ignore ? StepOutcome.IGNORE : StepOutcome.PASS;
                record(entry, outcome, decision.reason(), took);
                if (outcome == StepOutcome.PASS) {
                    ask(index + 1);
                } else {
                    finish(decision);
                }
            }
        });
    }

    private void invoke(ProviderEntry entry, CompletableFuture<Decision> call) {
        try {
            call.complete(entry.provider().decide(request));
        } catch (Throwable t) {
            call.completeExceptionally(t);
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
