package org.karafpxe.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import org.junit.Test;

public class ServiceRankingTest {

    @Test
    public void rankingsFromConfigFilesAreTextAndAreAccepted() {
        assertEquals(Integer.valueOf(0), ServiceRanking.parse(null));
        assertEquals(Integer.valueOf(100), ServiceRanking.parse(100));
        assertEquals(Integer.valueOf(100), ServiceRanking.parse(" 100 "));
        assertEquals(Integer.valueOf(-5), ServiceRanking.parse("-5"));
        assertEquals(Integer.valueOf(7), ServiceRanking.parse(7L));
    }

    @Test
    public void valuesThatAreNotWholeIntsAreRefused() {
        assertNull(ServiceRanking.parse("high"));
        assertNull(ServiceRanking.parse(1.5));
        assertNull(ServiceRanking.parse(1L << 40));
    }
}
