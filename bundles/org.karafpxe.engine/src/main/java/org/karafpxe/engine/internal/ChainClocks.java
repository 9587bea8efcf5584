package org.karafpxe.engine.internal;

/**
 * The chain's two clocks over the same requests: how long each waited for a worker, and how long
 * its providers then took to decide. Replaced whole when the times are reset.
 */
record ChainClocks(DecisionClock waits, DecisionClock decisions) {

    ChainClocks() {
        this(new DecisionClock(), new DecisionClock());
    }

    /** {@code taken} is when a worker took the request, or 0 if none did (no worker was free). */
    void record(long arrived, long taken, long decided) {
        long began = taken == 0 ? decided : taken;
        waits.record(began - arrived);
        decisions.record(decided - began);
    }
}
