package org.karafpxe.engine;

import java.time.Duration;
import java.util.Locale;

/**
 * How long the chain took to decide, over the requests decided since it started (dry runs left
 * out): the median, the 99th percentile and the longest. The percentiles are the upper bounds of
 * logarithmic buckets, so they are at most 19 % above the true value, never below it.
 *
 * @param decisions how many requests were decided
 * @param p50       half of the decisions took at most this
 * @param p99       99 % of the decisions took at most this
 * @param max       the longest decision
 */
public record DecisionTimes(long decisions, Duration p50, Duration p99, Duration max) {

    /** No decision yet. */
    public static final DecisionTimes NONE = new DecisionTimes(0, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    /** One line for the console, e.g. "1200 decisions: p50 0.210 ms, p99 0.840 ms, max 3.100 ms". */
    public String describe() {
        if (decisions == 0) {
            return "no decisions yet";
        }
        return decisions + " decisions: " + percentiles();
    }

    /** The times alone, e.g. "p50 0.210 ms, p99 0.840 ms, max 3.100 ms". */
    public String percentiles() {
        return "p50 " + millis(p50) + " ms, p99 " + millis(p99) + " ms, max " + millis(max) + " ms";
    }

    private static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e6);
    }
}
