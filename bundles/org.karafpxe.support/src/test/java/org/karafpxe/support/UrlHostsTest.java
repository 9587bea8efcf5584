package org.karafpxe.support;

import static org.junit.Assert.assertEquals;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.Test;

public class UrlHostsTest {
    private static String host(String literal) throws Exception {
        return UrlHosts.of(InetAddress.getByName(literal));
    }

    @Test
    public void ipv4AsItIs() throws Exception {
        assertEquals("192.0.2.1", host("192.0.2.1"));
    }

    @Test
    public void ipv6InBracketsInItsShortFormWithoutAZone() throws Exception {
        assertEquals("[fd00:213::2]", host("fd00:213:0:0:0:0:0:2"));
        assertEquals("[::]", host("::"));
        assertEquals("[::1]", host("::1"));
        assertEquals("[1::]", host("1::"));
        assertEquals("[2001:db8:0:1:1:1:1:1]", host("2001:db8:0:1:1:1:1:1"));
        assertEquals("[2001:db8::1:0:0:1]", host("2001:db8:0:0:1:0:0:1"));
        assertEquals("[2001:0:0:1::1]", host("2001:0:0:1:0:0:0:1"));
        assertEquals("[fe80::5054:ff:fe12:3457]", UrlHosts.of(
                Inet6Address.getByAddress(null, InetAddress.getByName("fe80::5054:ff:fe12:3457").getAddress(), 3)));
    }
}
