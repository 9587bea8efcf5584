package org.karafpxe.dhcp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/** Big-endian field access and text conversions shared by the codec classes. */
final class Bytes {

    /** 0.0.0.0; most address fields of a request hold it, and an address is immutable, so one will do. */
    static final Inet4Address ANY = address(new byte[4]);

    private Bytes() {
    }

    static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    static int u16(byte[] b, int i) {
        return (u8(b, i) << 8) | u8(b, i + 1);
    }

    static int s32(byte[] b, int i) {
        return (u16(b, i) << 16) | u16(b, i + 2);
    }

    static void putU16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    static void putS32(byte[] b, int i, int v) {
        putU16(b, i, v >>> 16);
        putU16(b, i + 2, v);
    }

    static Inet4Address ipv4(byte[] b, int i) {
        if ((b[i] | b[i + 1] | b[i + 2] | b[i + 3]) == 0) {
            return ANY;
        }
        return address(new byte[] {b[i], b[i + 1], b[i + 2], b[i + 3]});
    }

    private static Inet4Address address(byte[] a) {
        try {
            return (Inet4Address) InetAddress.getByAddress(a);
        } catch (UnknownHostException e) {
            // getByAddress only refuses lengths other than 4 and 16.
            throw new AssertionError(e);
        }
    }

    /**
     * Reads a NUL-terminated string from a fixed-size field; a field filled to the brim has no
     * terminator, which clients get away with, so the field end also ends the string.
     */
    static String fieldText(byte[] b, int from, int to) {
        int end = from;
        while (end < to && b[end] != 0) {
            end++;
        }
        return new String(b, from, end - from, StandardCharsets.UTF_8);
    }

    /** Option text; trailing NULs are dropped because some servers NUL-terminate options 66/67. */
    static String optionText(byte[] value) {
        int end = value.length;
        while (end > 0 && value[end - 1] == 0) {
            end--;
        }
        return new String(value, 0, end, StandardCharsets.UTF_8);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String hex(byte[] b, int from, int to, String separator) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            if (i > from) {
                sb.append(separator);
            }
            sb.append(Character.forDigit((b[i] >> 4) & 0xF, 16)).append(Character.forDigit(b[i] & 0xF, 16));
        }
        return sb.toString();
    }

    static String hex(byte[] b) {
        return hex(b, 0, b.length, "");
    }
}
