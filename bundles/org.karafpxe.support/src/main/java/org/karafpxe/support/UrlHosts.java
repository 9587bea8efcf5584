package org.karafpxe.support;

import java.net.Inet6Address;
import java.net.InetAddress;

/** Addresses as the host part of a URL. */
public final class UrlHosts {
    private UrlHosts() {
    }

    /**
     * The address as a URL's host (RFC 3986): an IPv4 address as it is, an IPv6 address in brackets,
     * in its short form (RFC 5952) and without its zone ({@code [fd00::2]}).
     */
    public static String of(InetAddress address) {
        return address instanceof Inet6Address ? "[" + ipv6(address.getAddress()) + "]" : address.getHostAddress();
    }

    /** RFC 5952: lower-case hex, no leading zeros, the longest run of two or more zero groups as "::". */
    private static String ipv6(byte[] a) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (a[2 * i] & 0xff) << 8 | (a[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder s = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }
}
