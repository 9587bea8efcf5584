package org.karafpxe.engine;

import java.util.List;

/**
 * Times counted into cumulative buckets, as a Prometheus histogram shows them: {@code counts.get(i)}
 * times took at most {@code upperBounds.get(i)} seconds; the last bound is positive infinity, so
 * its count is {@code count}. The chain counts in finer logarithmic buckets (four per doubling of
 * microseconds) and sums them into these bounds: a time within a quarter-doubling of a bound may be
 * counted on either side of it.
 *
 * @since 1.6
 */
public record LatencyHistogram(List<Double> upperBounds, List<Long> counts, long count, double sumSeconds) {

    /** The bounds the chain reports, in seconds: 50 µs to 10 s, then infinity. */
    public static final List<Double> BOUNDS = List.of(0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
            0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, Double.POSITIVE_INFINITY);

    public static final LatencyHistogram EMPTY = new LatencyHistogram(BOUNDS,
            BOUNDS.stream().map(b -> 0L).toList(), 0, 0);

    public LatencyHistogram {
        upperBounds = List.copyOf(upperBounds);
        counts = List.copyOf(counts);
        if (upperBounds.size() != counts.size()) {
            throw new IllegalArgumentException(upperBounds.size() + " bounds for " + counts.size() + " counts");
        }
    }
}
