package org.karafpxe.dhcp.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Address constants without a name lookup, and the interfaces DHCPv6 listens on. */
final class Addresses {
    static final Inet4Address ANY = v4(new byte[] {0, 0, 0, 0});
    static final Inet4Address LOOPBACK = v4(new byte[] {127, 0, 0, 1});
    static final InetAddress IPV6_ANY = v6(new byte[16]);
    /** All_DHCP_Relay_Agents_and_Servers, ff02::1:2 (RFC 8415). */
    static final InetAddress DHCP6_SERVERS = v6(new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2});

    private Addresses() {
    }

    static Inet4Address v4(byte[] bytes) {
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static InetAddress v6(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Interfaces that are up, not loopback, multicast-capable, with an IPv6 link-local address. */
    static List<NetworkInterface> ipv6MulticastInterfaces() {
        List<NetworkInterface> result = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nif.isUp() && !nif.isLoopback() && nif.supportsMulticast() && Collections
                        .list(nif.getInetAddresses()).stream().anyMatch(a -> a instanceof Inet6Address
                                && a.isLinkLocalAddress())) {
                    result.add(nif);
                }
            }
        } catch (SocketException e) {
            return result;
        }
        return result;
    }
}
