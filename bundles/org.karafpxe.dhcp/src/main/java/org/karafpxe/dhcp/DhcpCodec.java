package org.karafpxe.dhcp;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Entry point of the codec, free of any transport so that it is the same for the DHCP (67),
 * proxyDHCP (4011) and test paths.
 */
public final class DhcpCodec {

    private DhcpCodec() {
    }

    /** Decodes a whole array; see {@link #decode(byte[], int, int)}. */
    public static DecodeResult decode(byte[] datagram) {
        return decode(datagram, 0, datagram.length);
    }

    /**
     * Decodes one datagram. Never throws on its content: anything that is not a well-formed
     * BOOTP/DHCP packet comes back as {@link DecodeResult.Malformed}. Only arguments that are
     * themselves wrong (null, a range outside the array) throw.
     */
    public static DecodeResult decode(byte[] datagram, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, datagram.length);
        return DhcpDecoder.decode(datagram, offset, length);
    }

    /** Decodes the buffer's remaining bytes without moving its position. */
    public static DecodeResult decode(ByteBuffer datagram) {
        byte[] b = new byte[datagram.remaining()];
        datagram.duplicate().get(b);
        return DhcpDecoder.decodeOwned(b);
    }

    /**
     * Encodes a packet: magic cookie, options in order, END, zero padding up to 300 bytes.
     * Options longer than 255 bytes are split into consecutive instances (RFC 3396), except
     * option 43. Header strings must leave room for their NUL: sname at most 63 bytes and file
     * at most 127 bytes in UTF-8.
     *
     * @throws DhcpEncodeException naming the field, its size and the limit, if anything does not fit
     */
    public static byte[] encode(DhcpPacket packet) {
        return DhcpEncoder.encode(packet);
    }
}
