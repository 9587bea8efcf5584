package org.karafpxe.support;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts times in logarithmic buckets, four per power of two of microseconds, so that recording is
 * a few atomic increments and the memory is fixed however many times are recorded: the chain's
 * decision times, each provider's, each store operation's.
 */
public final class LatencyBuckets {
    private static final int PER_DOUBLING = 4;
    /** Up to 2^34 µs, about four hours; longer times land in the last bucket. */
    private static final int BUCKETS = PER_DOUBLING * 34;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong longest = new AtomicLong();
    private final LongAdder sumNanos = new LongAdder();

    /** 2^(1/4), 2^(2/4), 2^(3/4): where a doubling's quarters begin. */
    private static final double Q1 = Math.pow(2, 0.25);
    private static final double Q2 = Math.pow(2, 0.5);
    private static final double Q3 = Math.pow(2, 0.75);

    public void record(long nanos) {
        counts.incrementAndGet(bucket(nanos));
        total.incrementAndGet();
        longest.accumulateAndGet(nanos, Math::max);
        sumNanos.add(nanos);
    }

    /**
     * floor(4 log2(µs)), without a logarithm: the doubling from the highest bit, the quarter from the
     * fraction left (each request is timed several times, once per provider asked).
     */
    static int bucket(long nanos) {
        long micros = Math.max(1, nanos / 1000);
        int doubling = 63 - Long.numberOfLeadingZeros(micros);
        double fraction = micros / (double) (1L << doubling);
        int quarter = fraction < Q1 ? 0 : fraction < Q2 ? 1 : fraction < Q3 ? 2 : 3;
        return Math.min(BUCKETS - 1, PER_DOUBLING * doubling + quarter);
    }

    public long count() {
        return total.get();
    }

    public long longestNanos() {
        return longest.get();
    }

    public long sumNanos() {
        return sumNanos.sum();
    }

    /** The upper edge of the bucket holding the q-th time of {@code n}, but never more than the longest. */
    public long quantileNanos(long n, double q) {
        long max = longest.get();
        long rank = (long) Math.ceil(q * n);
        long seen = 0;
        for (int b = 0; b < BUCKETS; b++) {
            seen += counts.get(b);
            if (seen >= rank) {
                long upper = (long) Math.ceil(Math.pow(2, (b + 1) / (double) PER_DOUBLING)) * 1000;
                return Math.min(upper, max);
            }
        }
        return max;
    }

    /**
     * The counts summed into cumulative buckets with these upper bounds in seconds (ascending, the
     * last one infinite): each fine bucket is counted where its upper edge falls, so a time within a
     * quarter-doubling of a bound may be counted on either side of it.
     */
    public long[] cumulative(List<Double> boundsSeconds) {
        long[] cumulative = new long[boundsSeconds.size()];
        long seen = 0;
        int bound = 0;
        for (int b = 0; b < BUCKETS; b++) {
            double upperSeconds = Math.pow(2, (b + 1) / (double) PER_DOUBLING) / 1e6;
            while (bound < boundsSeconds.size() - 1 && upperSeconds > boundsSeconds.get(bound) * 1.0001) {
                cumulative[bound++] = seen;
            }
            seen += counts.get(b);
        }
        while (bound < boundsSeconds.size()) {
            cumulative[bound++] = seen;
        }
        return cumulative;
    }
}
