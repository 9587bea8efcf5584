package org.karafpxe.tftp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class OptionNegotiatorTest {

    private final OptionNegotiator negotiator = new OptionNegotiator(1468, 16, Duration.ofSeconds(2));

    private static Map<String, String> options(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    public void echoesOnlyRequestedOptionsInRequestOrder() {
        Negotiated n = negotiator.negotiate(options("windowsize", "4", "tsize", "0", "blksize", "1024"), 5000);
        assertTrue(n.sendOack());
        assertEquals(List.of("windowsize", "tsize", "blksize"), List.copyOf(n.oack().keySet()));
        assertEquals(options("windowsize", "4", "tsize", "5000", "blksize", "1024"), n.oack());
        assertEquals(1024, n.blockSize());
        assertEquals(4, n.windowSize());
        assertEquals(Duration.ofSeconds(2), n.timeout());
    }

    @Test
    public void blksizeAloneDoesNotAddTsize() {
        Negotiated n = negotiator.negotiate(options("blksize", "1468"), 5000);
        assertEquals(options("blksize", "1468"), n.oack());
    }

    @Test
    public void unknownOptionsAreLeftOut() {
        Negotiated n = negotiator.negotiate(options("multicast", "", "utimeout", "500000", "blksize", "512"), 1);
        assertEquals(options("blksize", "512"), n.oack());
    }

    @Test
    public void valuesAboveTheConfiguredMaximumAreLowered() {
        Negotiated n = negotiator.negotiate(options("blksize", "65464", "windowsize", "64"), 1);
        assertEquals(1468, n.blockSize());
        assertEquals(16, n.windowSize());
        assertEquals(options("blksize", "1468", "windowsize", "16"), n.oack());
        Negotiated huge = negotiator.negotiate(options("blksize", "99999999999999999999"), 1);
        assertEquals(1468, huge.blockSize());
    }

    @Test
    public void tsizeIsAnsweredWithTheSizeOrLeftOutWhenUnknown() {
        assertEquals(options("tsize", "123456789012"), negotiator.negotiate(options("tsize", "0"), 123456789012L).oack());
        assertEquals(options("tsize", "0"), negotiator.negotiate(options("tsize", "0"), 0).oack());
        Negotiated unknown = negotiator.negotiate(options("tsize", "0"), -1);
        assertFalse(unknown.sendOack());
        assertTrue(unknown.oack().isEmpty());
    }

    @Test
    public void badValuesAreIgnored() {
        for (Map<String, String> bad : List.of(
                options("blksize", "7"), options("blksize", "0"), options("blksize", "-512"),
                options("blksize", "abc"), options("blksize", ""), options("blksize", "1468 "),
                options("timeout", "0"), options("timeout", "256"), options("timeout", "x"),
                options("windowsize", "0"), options("windowsize", "65536"), options("windowsize", "four"),
                options("tsize", "none"))) {
            Negotiated n = negotiator.negotiate(bad, 100);
            assertFalse(bad.toString(), n.sendOack());
            assertTrue(bad.toString(), n.oack().isEmpty());
            assertEquals(512, n.blockSize());
            assertEquals(1, n.windowSize());
            assertEquals(Duration.ofSeconds(2), n.timeout());
        }
    }

    @Test
    public void boundaryValuesAreAccepted() {
        Negotiated low = negotiator.negotiate(options("blksize", "8", "timeout", "1", "windowsize", "1"), 1);
        assertEquals(8, low.blockSize());
        assertEquals(Duration.ofSeconds(1), low.timeout());
        assertEquals(1, low.windowSize());
        assertEquals(options("blksize", "8", "timeout", "1", "windowsize", "1"), low.oack());
        Negotiated high = new OptionNegotiator(65464, 65535, Duration.ofSeconds(1))
                .negotiate(options("blksize", "65464", "timeout", "255", "windowsize", "65535"), 1);
        assertEquals(65464, high.blockSize());
        assertEquals(Duration.ofSeconds(255), high.timeout());
        assertEquals(65535, high.windowSize());
    }

    @Test
    public void valuesAreEchoedInCanonicalForm() {
        assertEquals(options("blksize", "1024"), negotiator.negotiate(options("blksize", "001024"), 1).oack());
    }

    @Test
    public void nothingAcceptableMeansNoOack() {
        Negotiated n = negotiator.negotiate(options("foo", "bar", "blksize", "1"), 10);
        assertFalse(n.sendOack());
        assertEquals(Negotiated.plain(Duration.ofSeconds(2)), n);
        assertFalse(negotiator.negotiate(Map.of(), 10).sendOack());
    }
}
