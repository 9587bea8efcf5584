package org.karafpxe.engine.internal;

/**
 * The chain's two clocks over the same requests: how long each waited for a worker, and how long
 * its providers then took to decide, and that time again since the chain started, which a reset
 * leaves alone.
 */
record ChainClocks(DecisionClock waits, DecisionClock decisions, DecisionClock lifetime) {

    ChainClocks() {
        this(new DecisionClock(), new DecisionClock(), new DecisionClock());
    }

    /** Fresh clocks for a new period; the lifetime one (the metrics' histogram) goes on counting. */
    ChainClocks reset() {
        return new ChainClocks(new DecisionClock(), new DecisionClock(), lifetime);
    }

    /**
     * A request that waited {@code waited} ns for a worker (0 if it needed none, or none was free)
     * and spent {@code deciding} ns with its providers.
     */
    void record(long waited, long deciding) {
        waits.record(waited);
        decisions.record(deciding);
        lifetime.record(deciding);
    }
}
