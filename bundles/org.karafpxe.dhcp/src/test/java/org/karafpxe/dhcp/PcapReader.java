package org.karafpxe.dhcp;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of libpcap and pcapng to pull IPv4/UDP payloads (and, from Ethernet, IPv6/UDP ones)
 * out of the firmware captures:
 * classic pcap in either byte order (micro- or nanosecond magic), pcapng sections in either
 * byte order, link types Ethernet (1, with 802.1Q tags), Linux cooked (113), cooked v2 (276)
 * and raw IP (101). IP fragments other than the first are skipped; the captures have none.
 */
public final class PcapReader {

    static final int LINKTYPE_ETHERNET = 1;
    static final int LINKTYPE_RAW = 101;
    static final int LINKTYPE_LINUX_SLL = 113;
    static final int LINKTYPE_LINUX_SLL2 = 276;

    private static final int PCAPNG_SHB = 0x0A0D0D0A;
    private static final int PCAPNG_IDB = 1;
    private static final int PCAPNG_PB = 2;
    private static final int PCAPNG_SPB = 3;
    private static final int PCAPNG_EPB = 6;
    private static final int PCAPNG_BYTE_ORDER_MAGIC = 0x1A2B3C4D;

    /** One captured link-layer frame. */
    public record Frame(int linkType, byte[] data) {
    }

    /** One UDP datagram with its IPv4 endpoints in dotted form. */
    record Datagram(String source, int sourcePort, String destination, int destinationPort, byte[] payload) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Datagram d && source.equals(d.source) && sourcePort == d.sourcePort
                    && destination.equals(d.destination) && destinationPort == d.destinationPort
                    && Arrays.equals(payload, d.payload);
        }

        @Override
        public int hashCode() {
            return 31 * (source + sourcePort + destination + destinationPort).hashCode() + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return source + ":" + sourcePort + " > " + destination + ":" + destinationPort + " (" + payload.length + " bytes)";
        }
    }

    private PcapReader() {
    }

    public static List<Frame> frames(byte[] file) throws IOException {
        if (file.length < 4) {
            throw new IOException("not a capture: " + file.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.BIG_ENDIAN);
        int magic = b.getInt(0);
        try {
            if (magic == PCAPNG_SHB) {
                return pcapng(b);
            }
            return classic(b, magic);
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IOException("capture is truncated", e);
        }
    }

    private static List<Frame> classic(ByteBuffer b, int magic) throws IOException {
        switch (magic) {
            case 0xA1B2C3D4, 0xA1B23C4D -> b.order(ByteOrder.BIG_ENDIAN);
            case 0xD4C3B2A1, 0x4D3CB2A1 -> b.order(ByteOrder.LITTLE_ENDIAN);
            default -> throw new IOException(String.format("unknown capture magic 0x%08x", magic));
        }
        int linkType = b.getInt(20) & 0x0FFFFFFF; // the top bits may carry FCS information
        List<Frame> frames = new ArrayList<>();
        int pos = 24;
        while (pos + 16 <= b.limit()) {
            int captured = b.getInt(pos + 8);
            if (captured < 0) {
                throw new IOException("record at " + pos + " has negative length");
            }
            frames.add(new Frame(linkType, slice(b, pos + 16, captured)));
            pos += 16 + captured;
        }
        return frames;
    }

    private static List<Frame> pcapng(ByteBuffer b) throws IOException {
        List<Frame> frames = new ArrayList<>();
        Map<Integer, Integer> linkTypes = new HashMap<>();
        int pos = 0;
        while (pos + 12 <= b.limit()) {
            // The section header's type reads the same in both byte orders; its magic tells which
            // order the section uses, and interface numbering restarts with each section.
            if (b.getInt(pos) == PCAPNG_SHB) {
                b.order(ByteOrder.BIG_ENDIAN);
                b.order(b.getInt(pos + 8) == PCAPNG_BYTE_ORDER_MAGIC ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
                linkTypes.clear();
            }
            int type = b.getInt(pos);
            int length = b.getInt(pos + 4);
            if (length < 12 || pos + length > b.limit()) {
                throw new IOException("pcapng block at " + pos + " has bad length " + length);
            }
            switch (type) {
                case PCAPNG_IDB -> linkTypes.put(linkTypes.size(), b.getShort(pos + 8) & 0xFFFF);
                case PCAPNG_EPB -> frames.add(new Frame(linkType(linkTypes, b.getInt(pos + 8)),
                        slice(b, pos + 28, b.getInt(pos + 20))));
                case PCAPNG_PB -> frames.add(new Frame(linkType(linkTypes, b.getShort(pos + 8) & 0xFFFF),
                        slice(b, pos + 28, b.getInt(pos + 20))));
                case PCAPNG_SPB -> frames.add(new Frame(linkType(linkTypes, 0),
                        slice(b, pos + 12, Math.min(b.getInt(pos + 8), length - 16))));
                default -> {
                    // Name resolution, statistics and custom blocks carry no packets.
                }
            }
            pos += length;
        }
        return frames;
    }

    private static int linkType(Map<Integer, Integer> linkTypes, int interfaceId) throws IOException {
        Integer t = linkTypes.get(interfaceId);
        if (t == null) {
            throw new IOException("packet refers to undeclared interface " + interfaceId);
        }
        return t;
    }

    private static byte[] slice(ByteBuffer b, int from, int length) {
        byte[] out = new byte[length];
        b.get(from, out);
        return out;
    }

    static List<Datagram> udp(List<Frame> frames) {
        List<Datagram> out = new ArrayList<>();
        for (Frame f : frames) {
            int ip = ipv4Start(f);
            if (ip >= 0) {
                udpIn(f.data(), ip, out);
            }
        }
        return out;
    }

    /**
     * The UDP payloads carried over IPv6 in Ethernet frames (no extension headers: the DHCPv6
     * captures have none), in capture order.
     */
    public static List<byte[]> udp6Payloads(List<Frame> frames) {
        List<byte[]> out = new ArrayList<>();
        for (Frame f : frames) {
            byte[] d = f.data();
            int ip = 14;
            if (f.linkType() != LINKTYPE_ETHERNET || d.length < ip + 48 || u16(d, 12) != 0x86dd
                    || (d[ip] >> 4 & 0xF) != 6 || (d[ip + 6] & 0xFF) != 17) {
                continue;
            }
            out.add(Arrays.copyOfRange(d, ip + 48, d.length));
        }
        return out;
    }

    /** @return the offset of an IPv4 header in the frame, or -1 if it carries something else */
    private static int ipv4Start(Frame f) {
        byte[] d = f.data();
        switch (f.linkType()) {
            case LINKTYPE_ETHERNET -> {
                int pos = 12;
                while (pos + 2 <= d.length && u16(d, pos) == 0x8100) {
                    pos += 4;
                }
                return pos + 2 <= d.length && u16(d, pos) == 0x0800 ? pos + 2 : -1;
            }
            case LINKTYPE_LINUX_SLL -> {
                return d.length >= 16 && u16(d, 14) == 0x0800 ? 16 : -1;
            }
            case LINKTYPE_LINUX_SLL2 -> {
                return d.length >= 20 && u16(d, 0) == 0x0800 ? 20 : -1;
            }
            case LINKTYPE_RAW -> {
                return 0;
            }
            default -> {
                return -1;
            }
        }
    }

    private static void udpIn(byte[] d, int ip, List<Datagram> out) {
        if (d.length < ip + 20 || (d[ip] >> 4 & 0xF) != 4 || (d[ip + 9] & 0xFF) != 17) {
            return;
        }
        int headerLength = (d[ip] & 0xF) * 4;
        int fragmentOffset = u16(d, ip + 6) & 0x1FFF;
        int udp = ip + headerLength;
        if (fragmentOffset != 0 || d.length < udp + 8) {
            return;
        }
        int udpLength = u16(d, udp + 4);
        int end = Math.min(d.length, udp + Math.max(udpLength, 8));
        out.add(new Datagram(dotted(d, ip + 12), u16(d, udp), dotted(d, ip + 16), u16(d, udp + 2),
                Arrays.copyOfRange(d, udp + 8, end)));
    }

    private static int u16(byte[] d, int i) {
        return (d[i] & 0xFF) << 8 | (d[i + 1] & 0xFF);
    }

    private static String dotted(byte[] d, int i) {
        return (d[i] & 0xFF) + "." + (d[i + 1] & 0xFF) + "." + (d[i + 2] & 0xFF) + "." + (d[i + 3] & 0xFF);
    }
}
