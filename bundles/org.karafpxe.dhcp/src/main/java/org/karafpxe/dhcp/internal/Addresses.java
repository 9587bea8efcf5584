package org.karafpxe.dhcp.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IPv4 constants without a name lookup. */
final class Addresses {
    static final Inet4Address ANY = v4(new byte[] {0, 0, 0, 0});
    static final Inet4Address LOOPBACK = v4(new byte[] {127, 0, 0, 1});

    private Addresses() {
    }

    static Inet4Address v4(byte[] bytes) {
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
