package org.karafpxe.store;

import java.util.List;
import java.util.Objects;

/**
 * The store's database calls of one kind since the store component started, with their times in
 * cumulative buckets as a Prometheus histogram shows them: {@code counts.get(i)} calls took at most
 * {@code upperBounds.get(i)} seconds, the last bound infinite.
 *
 * @param kind     {@code read}; {@code write}, an operator's change or a boot's one-shot task,
 *                 committed and forced to disk before it returns; {@code bookkeeping}, what the
 *                 server notes of each boot (last seen, GUID sightings), committed but not forced
 * @param failures calls the database failed (unreachable, full, refusing); a refusal of what was
 *                 asked (a taken name) is not one
 * @param seconds  their times added up
 * @since 1.7
 */
public record StoreOperations(String kind, long count, long failures, double seconds, List<Double> upperBounds,
        List<Long> counts) {

    /** The bounds reported, in seconds: 50 µs to 10 s, then infinity. */
    public static final List<Double> BOUNDS = List.of(0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
            0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, Double.POSITIVE_INFINITY);

    public StoreOperations {
        Objects.requireNonNull(kind, "kind");
        upperBounds = List.copyOf(upperBounds);
        counts = List.copyOf(counts);
        if (upperBounds.size() != counts.size()) {
            throw new IllegalArgumentException(upperBounds.size() + " bounds for " + counts.size() + " counts");
        }
    }
}
