package org.karafpxe.engine.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import org.junit.Test;
import org.karafpxe.engine.DecisionTimes;
import org.karafpxe.engine.LatencyHistogram;

public class DecisionClockTest {

    @Test
    public void noDecisionsYet() {
        assertEquals(DecisionTimes.NONE, new DecisionClock().snapshot());
        assertEquals("no decisions yet", DecisionTimes.NONE.describe());
    }

    @Test
    public void percentilesAreUpperBoundsWithinABucketAndTheMaximumIsExact() {
        DecisionClock clock = new DecisionClock();
        for (int i = 0; i < 98; i++) {
            clock.record(100_000); // 0.1 ms
        }
        clock.record(900_000); // 0.9 ms
        clock.record(50_000_000); // 50 ms
        DecisionTimes times = clock.snapshot();
        assertEquals(100, times.decisions());
        assertBetween(Duration.ofNanos(100_000), times.p50(), Duration.ofNanos(119_000 + 1000));
        assertBetween(Duration.ofNanos(900_000), times.p99(), Duration.ofNanos(1_071_000 + 1000));
        assertEquals(Duration.ofMillis(50), times.max());
        assertTrue(times.describe(), times.describe().startsWith("100 decisions: p50 0.1"));
    }

    @Test
    public void aPercentileNeverExceedsTheLongestDecision() {
        DecisionClock clock = new DecisionClock();
        clock.record(1_500);
        DecisionTimes times = clock.snapshot();
        assertEquals(Duration.ofNanos(1_500), times.p99());
        assertEquals(Duration.ofNanos(1_500), times.max());
    }

    @Test
    public void theHistogramIsCumulativeOverTheBoundsAndSumsTheTimes() {
        DecisionClock clock = new DecisionClock();
        clock.record(30_000); // 30 µs
        clock.record(3_000_000); // 3 ms
        clock.record(3_000_000);
        clock.record(20_000_000_000L); // 20 s: beyond the last finite bound
        LatencyHistogram h = clock.histogram();
        assertEquals(LatencyHistogram.BOUNDS, h.upperBounds());
        assertEquals(4, h.count());
        assertEquals(20.00603, h.sumSeconds(), 1e-9);
        assertEquals(1L, (long) h.counts().get(LatencyHistogram.BOUNDS.indexOf(0.00005)));
        assertEquals(1L, (long) h.counts().get(LatencyHistogram.BOUNDS.indexOf(0.0025)));
        assertEquals(3L, (long) h.counts().get(LatencyHistogram.BOUNDS.indexOf(0.005)));
        assertEquals(3L, (long) h.counts().get(LatencyHistogram.BOUNDS.indexOf(10.0)));
        assertEquals(4L, (long) h.counts().get(h.counts().size() - 1));
        for (int i = 1; i < h.counts().size(); i++) {
            assertTrue("cumulative", h.counts().get(i) >= h.counts().get(i - 1));
        }
    }

    private static void assertBetween(Duration low, Duration actual, Duration high) {
        assertTrue(actual + " below " + low, actual.compareTo(low) >= 0);
        assertTrue(actual + " above " + high, actual.compareTo(high) <= 0);
    }
}
