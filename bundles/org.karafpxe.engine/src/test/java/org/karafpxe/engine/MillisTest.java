package org.karafpxe.engine;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class MillisTest {

    @Test
    public void threeDecimalsRoundedHalfUp() {
        assertEquals("0.000", Millis.of(0));
        assertEquals("0.001", Millis.of(500));
        assertEquals("0.000", Millis.of(499));
        assertEquals("1.235", Millis.of(1_234_567));
        assertEquals("12.050", Millis.of(12_050_000));
        assertEquals("1500.000", Millis.of(1_500_000_000L));
        assertEquals("-2.500", Millis.of(-2_500_000));
    }
}
