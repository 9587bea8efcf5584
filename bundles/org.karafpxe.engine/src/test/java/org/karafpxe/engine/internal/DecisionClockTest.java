package org.karafpxe.engine.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import org.junit.Test;
import org.karafpxe.engine.DecisionTimes;

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

    private static void assertBetween(Duration low, Duration actual, Duration high) {
        assertTrue(actual + " below " + low, actual.compareTo(low) >= 0);
        assertTrue(actual + " above " + high, actual.compareTo(high) <= 0);
    }
}
