package org.karafpxe.support;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP address literals as an operator writes them in a configuration file. Host names are never looked
 * up: resolving one could block a component's activation on DNS, and a server should not change the
 * address it listens on when a DNS record changes.
 */
public final class IpLiterals {

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    /** What an IPv6 literal is made of: hex digits and colons, maybe a dotted IPv4 tail and a zone. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*(%[0-9A-Za-z_.-]+)?");

    private IpLiterals() {
    }

    /** An IPv4 or IPv6 literal, or null for anything else; never a name lookup. */
    public static InetAddress literal(String text) {
        Inet4Address v4 = ipv4Literal(text);
        if (v4 != null || !IPV6.matcher(text).matches()) {
            return v4;
        }
        try {
            // Hex digits and colons only: the JDK parses them as an IPv6 literal and never looks them up.
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An IPv4 literal in dotted-quad form, such as 192.0.2.10, or null for anything else. */
    public static Inet4Address ipv4Literal(String text) {
        if (!IPV4.matcher(text).matches()) {
            return null;
        }
        String[] parts = text.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = Integer.parseInt(parts[i]);
            if (octet > 255) {
                return null;
            }
            bytes[i] = (byte) octet;
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an address", e);
        }
    }
}
