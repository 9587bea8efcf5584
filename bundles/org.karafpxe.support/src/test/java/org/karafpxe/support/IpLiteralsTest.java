package org.karafpxe.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.net.InetAddress;
import org.junit.Test;

public class IpLiteralsTest {

    @Test
    public void literalsAreParsedWithoutALookupAndAnythingElseIsNull() throws Exception {
        assertEquals(InetAddress.getByName("192.0.2.1"), IpLiterals.literal("192.0.2.1"));
        assertEquals(InetAddress.getByName("fe80::1"), IpLiterals.literal("fe80::1"));
        assertEquals(InetAddress.getByName("::ffff:192.0.2.1"), IpLiterals.literal("::ffff:192.0.2.1"));
        // A name that resolves anywhere: were it looked up, it would be taken.
        assertNull(IpLiterals.literal("localhost"));
        assertNull(IpLiterals.literal("localhost:69"));
        assertNull(IpLiterals.literal("1.2.3"));
        assertNull(IpLiterals.ipv4Literal("::ffff:192.0.2.1"));
        assertNull(IpLiterals.ipv4Literal("256.0.0.1"));
    }
}
