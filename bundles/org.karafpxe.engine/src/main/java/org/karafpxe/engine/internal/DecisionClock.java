package org.karafpxe.engine.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.karafpxe.engine.DecisionTimes;
import org.karafpxe.engine.LatencyHistogram;

/**
 * Counts decision times in logarithmic buckets, four per power of two of microseconds, so that
 * recording is a few atomic increments and the memory is fixed however many requests come.
 */
final class DecisionClock {
    private static final int PER_DOUBLING = 4;
    /** Up to 2^34 µs, about four hours; longer times land in the last bucket. */
    private static final int BUCKETS = PER_DOUBLING * 34;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong longest = new AtomicLong();
    private final LongAdder sumNanos = new LongAdder();

    void record(long nanos) {
        long micros = Math.max(1, nanos / 1000);
        int bucket = (int) Math.min(BUCKETS - 1, Math.floor(PER_DOUBLING * Math.log(micros) / Math.log(2)));
        counts.incrementAndGet(Math.max(0, bucket));
        total.incrementAndGet();
        longest.accumulateAndGet(nanos, Math::max);
        sumNanos.add(nanos);
    }

    /** The counts summed into {@link LatencyHistogram#BOUNDS}: each fine bucket where its upper edge falls. */
    LatencyHistogram histogram() {
        List<Double> bounds = LatencyHistogram.BOUNDS;
        long[] cumulative = new long[bounds.size()];
        long seen = 0;
        int bound = 0;
        for (int b = 0; b < BUCKETS; b++) {
            double upperSeconds = Math.pow(2, (b + 1) / (double) PER_DOUBLING) / 1e6;
            while (bound < bounds.size() - 1 && upperSeconds > bounds.get(bound) * 1.0001) {
                cumulative[bound++] = seen;
            }
            seen += counts.get(b);
        }
        while (bound < bounds.size()) {
            cumulative[bound++] = seen;
        }
        List<Long> list = new ArrayList<>(cumulative.length);
        for (long c : cumulative) {
            list.add(c);
        }
        return new LatencyHistogram(bounds, list, seen, sumNanos.sum() / 1e9);
    }

    DecisionTimes snapshot() {
        long n = total.get();
        if (n == 0) {
            return DecisionTimes.NONE;
        }
        Duration max = Duration.ofNanos(longest.get());
        return new DecisionTimes(n, quantile(n, 0.50, max), quantile(n, 0.99, max), max);
    }

    /** The upper edge of the bucket holding the q-th decision, but never more than the longest. */
    private Duration quantile(long n, double q, Duration max) {
        long rank = (long) Math.ceil(q * n);
        long seen = 0;
        for (int b = 0; b < BUCKETS; b++) {
            seen += counts.get(b);
            if (seen >= rank) {
                long upperMicros = (long) Math.ceil(Math.pow(2, (b + 1) / (double) PER_DOUBLING));
                Duration upper = Duration.ofNanos(upperMicros * 1000);
                return upper.compareTo(max) < 0 ? upper : max;
            }
        }
        return max;
    }
}
