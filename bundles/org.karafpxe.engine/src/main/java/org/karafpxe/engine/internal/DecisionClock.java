package org.karafpxe.engine.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.karafpxe.engine.DecisionTimes;
import org.karafpxe.engine.LatencyHistogram;
import org.karafpxe.support.LatencyBuckets;

/** Decision times, counted in {@link LatencyBuckets}, as percentiles and as a histogram. */
final class DecisionClock {
    private final LatencyBuckets buckets = new LatencyBuckets();

    void record(long nanos) {
        buckets.record(nanos);
    }

    DecisionTimes snapshot() {
        long n = buckets.count();
        if (n == 0) {
            return DecisionTimes.NONE;
        }
        return new DecisionTimes(n, Duration.ofNanos(buckets.quantileNanos(n, 0.50)),
                Duration.ofNanos(buckets.quantileNanos(n, 0.99)), Duration.ofNanos(buckets.longestNanos()));
    }

    /** The counts summed into {@link LatencyHistogram#BOUNDS}. */
    LatencyHistogram histogram() {
        List<Long> counts = new ArrayList<>();
        for (long c : buckets.cumulative(LatencyHistogram.BOUNDS)) {
            counts.add(c);
        }
        return new LatencyHistogram(LatencyHistogram.BOUNDS, counts, counts.get(counts.size() - 1),
                buckets.sumNanos() / 1e9);
    }
}
