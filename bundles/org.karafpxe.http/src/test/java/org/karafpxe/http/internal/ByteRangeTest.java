package org.karafpxe.http.internal;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** Range headers (RFC 9110, section 14) against a file of known size. */
public class ByteRangeTest {

    private static ByteRange part(long first, long last) {
        return new ByteRange.Part(first, last);
    }

    @Test
    public void theThreeFormsOfASingleRange() {
        assertEquals(part(100, 199), ByteRange.parse("bytes=100-199", 1000));
        assertEquals(part(900, 999), ByteRange.parse("bytes=900-", 1000));
        assertEquals(part(900, 999), ByteRange.parse("bytes=-100", 1000));
        assertEquals(part(0, 0), ByteRange.parse("bytes=0-0", 1000));
        assertEquals(part(999, 999), ByteRange.parse("bytes=-1", 1000));
    }

    @Test
    public void rangesAreCutAtTheEnd() {
        assertEquals(part(990, 999), ByteRange.parse("bytes=990-5000", 1000));
        assertEquals(part(0, 999), ByteRange.parse("bytes=-5000", 1000));
        assertEquals(part(0, 999), ByteRange.parse("bytes=0-99999999999999999999999", 1000));
    }

    @Test
    public void spellingVariantsAreAccepted() {
        assertEquals(part(1, 2), ByteRange.parse("Bytes=1-2", 1000));
        assertEquals(part(1, 2), ByteRange.parse(" bytes = 1 - 2 ", 1000));
    }

    @Test
    public void rangesPastTheEndAreUnsatisfiable() {
        assertEquals(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=1000-", 1000));
        assertEquals(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=1000-2000", 1000));
        assertEquals(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=99999999999999999999999-", 1000));
        assertEquals(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=-0", 1000));
        assertEquals(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=0-", 0));
        assertEquals(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=-5", 0));
        assertEquals("bytes */1000", ByteRange.Unsatisfiable.contentRange(1000));
    }

    @Test
    public void otherHeadersAreIgnored() {
        for (String h : new String[] {null, "", "bytes=", "bytes=-", "bytes=abc", "bytes=5-3", "bytes=0-1,5-6",
                "bytes=0-1, 5-6", "bytes=0-1,", "items=0-1", "0-10", "bytes 0-10", "bytes=1-2-3", "bytes=+1-2",
                "bytes=0x10-", "bytes=-+5"}) {
            assertEquals(String.valueOf(h), ByteRange.WHOLE, ByteRange.parse(h, 1000));
        }
    }

    @Test
    public void contentRangeNamesBothEndsAndTheSize() {
        assertEquals("bytes 100-199/1000", new ByteRange.Part(100, 199).contentRange(1000));
        assertEquals(100, new ByteRange.Part(100, 199).length());
    }
}
