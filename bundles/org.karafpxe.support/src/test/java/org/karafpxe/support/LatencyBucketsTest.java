package org.karafpxe.support;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class LatencyBucketsTest {

    @Test
    public void theBucketIsTheFloorOfFourTimesTheBinaryLogarithmOfTheMicroseconds() {
        for (long micros = 1; micros < 5_000_000; micros = micros * 17 / 16 + 1) {
            int expected = (int) Math.floor(4 * Math.log(micros) / Math.log(2));
            // Exactly at a quarter's edge the two may round apart; elsewhere they agree.
            double exact = 4 * Math.log(micros) / Math.log(2);
            if (Math.abs(exact - Math.rint(exact)) > 1e-9) {
                assertEquals(micros + " µs", expected, LatencyBuckets.bucket(micros * 1000));
            }
        }
        assertEquals("below a microsecond counts as one", 0, LatencyBuckets.bucket(10));
        assertEquals("beyond four hours, the last bucket", 4 * 34 - 1, LatencyBuckets.bucket(Long.MAX_VALUE));
    }
}
