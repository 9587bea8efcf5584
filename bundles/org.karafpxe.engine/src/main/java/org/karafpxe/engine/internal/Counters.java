package org.karafpxe.engine.internal;

import java.util.concurrent.atomic.LongAdder;
import org.karafpxe.engine.LatencyHistogram;
import org.karafpxe.engine.StepOutcome;

/** What one provider has said, counted without contention between request threads. */
final class Counters {
    private final LongAdder[] byOutcome = new LongAdder[StepOutcome.values().length];

    Counters() {
        for (int i = 0; i < byOutcome.length; i++) {
            byOutcome[i] = new LongAdder();
        }
    }

    private final DecisionClock times = new DecisionClock();

    void count(StepOutcome outcome) {
        byOutcome[outcome.ordinal()].increment();
    }

    /** An answer that took {@code nanos}; a provider not asked (rejected, timed out) is only counted. */
    void count(StepOutcome outcome, long nanos) {
        count(outcome);
        times.record(nanos);
    }

    LatencyHistogram times() {
        return times.histogram();
    }

    long get(StepOutcome outcome) {
        return byOutcome[outcome.ordinal()].sum();
    }
}
