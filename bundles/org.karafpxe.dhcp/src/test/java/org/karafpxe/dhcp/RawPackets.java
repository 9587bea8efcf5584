package org.karafpxe.dhcp;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Hand-built wire bytes, written independently of the encoder so they can check it. */
final class RawPackets {

    static final byte[] MAC = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

    private RawPackets() {
    }

    /** A 240-byte BOOTREQUEST header with Ethernet chaddr and the magic cookie, no options. */
    static byte[] header() {
        byte[] b = new byte[240];
        b[0] = 1;
        b[1] = 1;
        b[2] = 6;
        System.arraycopy(MAC, 0, b, 28, 6);
        b[236] = 99;
        b[237] = (byte) 130;
        b[238] = 83;
        b[239] = 99;
        return b;
    }

    /** Header followed by the given option bytes, verbatim. */
    static byte[] withOptions(int... optionBytes) {
        return concat(header(), bytes(optionBytes));
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] hex(String hex) {
        String h = hex.replaceAll("\\s", "");
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static Inet4Address ip(String dotted) {
        try {
            return (Inet4Address) InetAddress.getByName(dotted);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static DhcpPacket decodeOk(byte[] datagram) {
        DecodeResult r = DhcpCodec.decode(datagram);
        if (r instanceof DecodeResult.Decoded d) {
            return d.packet();
        }
        fail("expected a packet, got " + r);
        return null;
    }

    static DecodeResult.Malformed decodeBad(byte[] datagram, DropReason expected) {
        DecodeResult r = DhcpCodec.decode(datagram);
        assertTrue("expected " + expected + ", got " + r, r instanceof DecodeResult.Malformed);
        DecodeResult.Malformed m = (DecodeResult.Malformed) r;
        assertEquals(m.detail(), expected, m.reason());
        assertTrue("detail says something", m.detail().length() > 10);
        return m;
    }

    /** Encodes then decodes; the encoder's output must always decode. */
    static DhcpPacket roundTrip(DhcpPacket p) {
        return decodeOk(DhcpCodec.encode(p));
    }

    static DhcpOptions roundTrip(DhcpOptions options) {
        DhcpPacket p = DhcpPacket.builder().macAddress(MAC).options(options).build();
        DhcpPacket back = roundTrip(p);
        assertEquals(p, back);
        return back.options();
    }

    /** Finds {@code needle} in {@code hay}; -1 if absent. */
    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static byte[] repeat(int value, int count) {
        byte[] b = new byte[count];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
