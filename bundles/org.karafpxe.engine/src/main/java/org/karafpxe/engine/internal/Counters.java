package org.karafpxe.engine.internal;

import java.util.concurrent.atomic.LongAdder;
import org.karafpxe.engine.StepOutcome;

/** What one provider has said, counted without contention between request threads. */
final class Counters {
    private final LongAdder[] byOutcome = new LongAdder[StepOutcome.values().length];

    Counters() {
        for (int i = 0; i < byOutcome.length; i++) {
            byOutcome[i] = new LongAdder();
        }
    }

    void count(StepOutcome outcome) {
        byOutcome[outcome.ordinal()].increment();
    }

    long get(StepOutcome outcome) {
        return byOutcome[outcome.ordinal()].sum();
    }
}
