package org.karafpxe.engine.internal;

/**
 * The chain's two clocks over the same requests: how long each waited for a worker, and how long
 * its providers then took to decide. Replaced whole when the times are reset.
 */
record ChainClocks(DecisionClock waits, DecisionClock decisions) {

    ChainClocks() {
        this(new DecisionClock(), new DecisionClock());
    }

    /**
     * A request that waited {@code waited} ns for a worker (0 if it needed none, or none was free)
     * and spent {@code deciding} ns with its providers.
     */
    void record(long waited, long deciding) {
        waits.record(waited);
        decisions.record(deciding);
    }
}
