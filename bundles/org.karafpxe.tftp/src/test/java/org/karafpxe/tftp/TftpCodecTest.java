package org.karafpxe.tftp;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class TftpCodecTest {

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** Builds a datagram from an opcode and NUL-terminated strings. */
    private static byte[] frame(int opcode, String... strings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(opcode);
        for (String s : strings) {
            out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            out.write(0);
        }
        return out.toByteArray();
    }

    private static TftpPacket decoded(byte[] datagram) {
        DecodeResult result = TftpCodec.decode(datagram, 0, datagram.length);
        assertTrue("expected a packet but got " + result, result instanceof DecodeResult.Decoded);
        return ((DecodeResult.Decoded) result).packet();
    }

    private static DecodeResult.Malformed malformed(byte[] datagram) {
        DecodeResult result = TftpCodec.decode(datagram, 0, datagram.length);
        assertTrue("expected malformed but got " + result, result instanceof DecodeResult.Malformed);
        return (DecodeResult.Malformed) result;
    }

    private static Map<String, String> options(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static void assertRoundTrip(TftpPacket packet) {
        byte[] wire = TftpCodec.encode(packet);
        assertEquals(packet, decoded(wire));
        assertArrayEquals(wire, TftpCodec.encode(decoded(wire)));
        ByteBuffer direct = ByteBuffer.allocateDirect(TftpCodec.encodedLength(packet));
        TftpCodec.encode(packet, direct);
        direct.flip();
        assertEquals(packet, ((DecodeResult.Decoded) TftpCodec.decode(direct)).packet());
    }

    @Test
    public void requestsAreBoundedInLengthAndInOptions() {
        // About a thousand empty options in 4 KiB once decoded to a request that kept about 118 KiB.
        String[] stuffed = new String[2 + 2 * 1000];
        stuffed[0] = "undionly.kpxe";
        stuffed[1] = "octet";
        for (int i = 0; i < 1000; i++) {
            stuffed[2 + 2 * i] = "o" + i;
            stuffed[3 + 2 * i] = "";
        }
        assertEquals(MalformedReason.OVERSIZED_REQUEST, malformed(frame(TftpCodec.OP_RRQ, stuffed)).reason());
        assertEquals(MalformedReason.OVERSIZED_REQUEST, malformed(frame(TftpCodec.OP_RRQ, "a".repeat(600), "octet"))
                .reason());
        String[] nine = new String[2 + 18];
        nine[0] = "f";
        nine[1] = "octet";
        for (int i = 0; i < 9; i++) {
            nine[2 + 2 * i] = "x" + i;
            nine[3 + 2 * i] = "1";
        }
        assertEquals(MalformedReason.TOO_MANY_OPTIONS, malformed(frame(TftpCodec.OP_RRQ, nine)).reason());
        // The longest request allowed, with as many options as allowed, decodes.
        String[] eight = java.util.Arrays.copyOf(nine, 2 + 16);
        byte[] atLimit = frame(TftpCodec.OP_RRQ, eight);
        eight[0] = "f".repeat(1 + TftpCodec.MAX_REQUEST_BYTES - atLimit.length);
        byte[] longest = frame(TftpCodec.OP_RRQ, eight);
        assertEquals(TftpCodec.MAX_REQUEST_BYTES, longest.length);
        assertEquals(8, ((ReadRequest) decoded(longest)).options().size());
    }

    @Test
    public void roundTripsEveryPacketType() {
        List<TftpPacket> packets = List.of(
                new ReadRequest("pxelinux.0", TransferMode.OCTET),
                new ReadRequest("\\boot\\x86\\wdsnbp.com", TransferMode.NETASCII,
                        options("tsize", "0", "blksize", "1468", "windowsize", "4")),
                new WriteRequest("upload.bin", TransferMode.OCTET, options("tsize", "1234")),
                new WriteRequest("mailbox", TransferMode.MAIL),
                new Data(1, ByteBuffer.wrap(new byte[] {1, 2, 3})),
                new Data(0, ByteBuffer.allocate(0)),
                new Data(65535, ByteBuffer.wrap(new byte[512])),
                new Ack(0),
                new Ack(65535),
                new ErrorPacket(TftpErrorCode.FILE_NOT_FOUND, "File not found"),
                new ErrorPacket(TftpErrorCode.OPTION_REFUSED, ""),
                new OptionAck(options("blksize", "1468", "tsize", "1048576")));
        for (TftpPacket packet : packets) {
            assertRoundTrip(packet);
        }
        for (TftpErrorCode code : TftpErrorCode.values()) {
            if (code != TftpErrorCode.UNKNOWN) {
                assertRoundTrip(new ErrorPacket(code, code.name()));
            }
        }
    }

    @Test
    public void encodesTheExactWireLayout() {
        assertArrayEquals(bytes(0, 4, 0x12, 0x34), TftpCodec.encode(new Ack(0x1234)));
        assertArrayEquals(bytes(0, 3, 0xFF, 0xFE, 9), TftpCodec.encode(Data.copyOf(0xFFFE, new byte[] {9})));
        assertArrayEquals(frame(1, "a", "octet", "blksize", "1468"),
                TftpCodec.encode(new ReadRequest("a", TransferMode.OCTET, options("BlkSize", "1468"))));
        byte[] error = TftpCodec.encode(new ErrorPacket(TftpErrorCode.ACCESS_VIOLATION, "no"));
        assertArrayEquals(bytes(0, 5, 0, 2, 'n', 'o', 0), error);
    }

    @Test
    public void dataHeaderIsWrittenInPlaceForTheHotPath() {
        ByteBuffer out = ByteBuffer.allocate(4 + 3);
        TftpCodec.writeDataHeader(out, 70000 & 0xFFFF);
        out.put(new byte[] {7, 8, 9});
        assertArrayEquals(bytes(0, 3, 0x11, 0x70, 7, 8, 9), out.array());
    }

    @Test
    public void decodesOptionsInOrderWithLowerCasedNames() {
        ReadRequest rrq = (ReadRequest) decoded(frame(1, "f", "OCTET", "TSize", "0", "BLKSIZE", "1468"));
        assertEquals(List.of("tsize", "blksize"), List.copyOf(rrq.options().keySet()));
        assertEquals("1468", rrq.options().get("blksize"));
        assertEquals(TransferMode.OCTET, rrq.mode());
    }

    @Test
    public void unknownModeAndErrorCodeDecodeToUnknown() {
        assertEquals(TransferMode.UNKNOWN, ((ReadRequest) decoded(frame(1, "f", "binary"))).mode());
        ErrorPacket error = (ErrorPacket) decoded(bytes(0, 5, 0, 42, 'x', 0));
        assertEquals(TftpErrorCode.UNKNOWN, error.code());
        assertEquals("x", error.message());
    }

    @Test
    public void nonAsciiFilenameIsKeptByteForByte() {
        byte[] wire = bytes(0, 1, 0xE9, 't', 0xE9, 0xFF, 0, 'o', 'c', 't', 'e', 't', 0);
        ReadRequest rrq = (ReadRequest) decoded(wire);
        assertEquals("\u00e9t\u00e9\u00ff", rrq.filename());
        assertArrayEquals(wire, TftpCodec.encode(rrq));
    }

    @Test
    public void decodesWithinTheGivenRangeOnly() {
        byte[] buf = bytes(0xAA, 0xBB, 0, 4, 0, 7, 0xCC);
        assertEquals(new Ack(7), ((DecodeResult.Decoded) TftpCodec.decode(buf, 2, 4)).packet());
        Data data = (Data) ((DecodeResult.Decoded) TftpCodec.decode(bytes(9, 0, 3, 0, 1, 5, 6, 9), 1, 6)).packet();
        assertArrayEquals(bytes(5, 6), data.payloadBytes());
    }

    @Test
    public void decodedDataDoesNotShareTheReceiveBuffer() {
        byte[] buf = bytes(0, 3, 0, 1, 5, 6);
        Data data = (Data) decoded(buf);
        buf[4] = 99;
        assertArrayEquals(bytes(5, 6), data.payloadBytes());
    }

    @Test
    public void rejectsTooShortDatagrams() {
        assertEquals(MalformedReason.TOO_SHORT, malformed(new byte[0]).reason());
        assertEquals(MalformedReason.TOO_SHORT, malformed(bytes(0)).reason());
        assertEquals(MalformedReason.TOO_SHORT, malformed(bytes(0, 3, 1)).reason());
        assertEquals(MalformedReason.TOO_SHORT, malformed(bytes(0, 4, 0)).reason());
        assertEquals(MalformedReason.TOO_SHORT, malformed(bytes(0, 5, 0)).reason());
    }

    @Test
    public void rejectsUnknownOpcodes() {
        assertEquals(MalformedReason.UNKNOWN_OPCODE, malformed(bytes(0, 0, 1, 2)).reason());
        assertEquals(MalformedReason.UNKNOWN_OPCODE, malformed(bytes(0, 7)).reason());
        assertEquals(MalformedReason.UNKNOWN_OPCODE, malformed(bytes(1, 1, 0, 0)).reason());
    }

    @Test
    public void rejectsMissingTerminators() {
        assertEquals(MalformedReason.MISSING_TERMINATOR, malformed(bytes(0, 1, 'f')).reason());
        assertEquals(MalformedReason.MISSING_TERMINATOR, malformed(bytes(0, 1)).reason());
        assertEquals(MalformedReason.MISSING_TERMINATOR, malformed(bytes(0, 1, 'f', 0, 'o', 'c')).reason());
        byte[] valueUnterminated = frame(1, "f", "octet", "blksize");
        byte[] withValue = new byte[valueUnterminated.length + 2];
        System.arraycopy(valueUnterminated, 0, withValue, 0, valueUnterminated.length);
        withValue[withValue.length - 2] = '1';
        withValue[withValue.length - 1] = '6';
        assertEquals(MalformedReason.MISSING_TERMINATOR, malformed(withValue).reason());
        assertEquals(MalformedReason.MISSING_TERMINATOR, malformed(bytes(0, 6, 'b', 'l')).reason());
    }

    @Test
    public void rejectsOptionWithoutValue() {
        DecodeResult.Malformed m = malformed(frame(1, "f", "octet", "tsize", "0", "blksize"));
        assertEquals(MalformedReason.OPTION_WITHOUT_VALUE, m.reason());
        assertEquals("blksize", m.detail());
    }

    @Test
    public void rejectsEmptyOptionNameFollowedByData() {
        assertEquals(MalformedReason.EMPTY_OPTION_NAME, malformed(frame(1, "f", "octet", "", "x")).reason());
    }

    @Test
    public void rejectsDuplicateOptionsCaseInsensitively() {
        DecodeResult.Malformed m = malformed(frame(1, "f", "octet", "blksize", "512", "BlkSize", "1468"));
        assertEquals(MalformedReason.DUPLICATE_OPTION, m.reason());
        assertEquals("blksize", m.detail());
    }

    @Test
    public void toleratesNulPaddingAfterTheLastOption() {
        byte[] base = frame(1, "f", "octet", "tsize", "0");
        byte[] padded = new byte[base.length + 5];
        System.arraycopy(base, 0, padded, 0, base.length);
        assertEquals(decoded(base), decoded(padded));
    }

    @Test
    public void acceptsEmptyFilenameAndLongFilename() {
        assertEquals("", ((ReadRequest) decoded(frame(1, "", "octet"))).filename());
        String longName = "x".repeat(400);
        assertEquals(longName, ((ReadRequest) decoded(frame(1, longName, "octet"))).filename());
        assertEquals(MalformedReason.OVERSIZED_REQUEST, malformed(frame(1, "x".repeat(4000), "octet")).reason());
    }

    @Test
    public void toleratesSloppyAcksAndErrors() {
        assertEquals(new Ack(3), decoded(bytes(0, 4, 0, 3, 0, 0)));
        assertEquals(new ErrorPacket(TftpErrorCode.OPTION_REFUSED, "User aborted"),
                decoded(bytes(0, 5, 0, 8, 'U', 's', 'e', 'r', ' ', 'a', 'b', 'o', 'r', 't', 'e', 'd')));
        assertEquals(new ErrorPacket(TftpErrorCode.NOT_DEFINED, ""), decoded(bytes(0, 5, 0, 0)));
    }

    @Test
    public void badRangesAreReportedNotThrown() {
        assertEquals(MalformedReason.BAD_RANGE, ((DecodeResult.Malformed) TftpCodec.decode(null, 0, 0)).reason());
        assertEquals(MalformedReason.BAD_RANGE,
                ((DecodeResult.Malformed) TftpCodec.decode(new byte[4], 2, 3)).reason());
        assertEquals(MalformedReason.BAD_RANGE,
                ((DecodeResult.Malformed) TftpCodec.decode(new byte[4], -1, 2)).reason());
        assertEquals(MalformedReason.BAD_RANGE,
                ((DecodeResult.Malformed) TftpCodec.decode(new byte[4], 1, Integer.MAX_VALUE)).reason());
    }

    @Test
    public void errorMessagesThatCannotBeCarriedAreReplacedNotRejected() {
        byte[] wire = TftpCodec.encode(new ErrorPacket(TftpErrorCode.NOT_DEFINED, "a\0b\u20ac"));
        assertEquals("a?b?", ((ErrorPacket) decoded(wire)).message());
    }

    @Test(expected = IllegalArgumentException.class)
    public void unknownModeCannotBeEncoded() {
        TftpCodec.encode(new ReadRequest("f", TransferMode.UNKNOWN));
    }

    @Test(expected = IllegalArgumentException.class)
    public void requestFieldsMustNotContainNul() {
        new ReadRequest("a\0b", TransferMode.OCTET);
    }

    @Test
    public void dataPayloadIsImmutableAndComparedByContent() {
        byte[] raw = {1, 2, 3};
        Data data = Data.copyOf(5, raw);
        raw[0] = 9;
        ByteBuffer view = data.payload();
        view.get();
        assertEquals(3, data.payload().remaining());
        assertTrue(data.payload().isReadOnly());
        assertEquals(Data.copyOf(5, new byte[] {1, 2, 3}), data);
        assertEquals(Data.copyOf(5, new byte[] {1, 2, 3}).hashCode(), data.hashCode());
    }

    @Test
    public void blockCounterRollsOverToZero() {
        assertEquals(65535, Data.wireBlock(65535));
        assertEquals(0, Data.wireBlock(65536));
        assertEquals(1, Data.wireBlock(65537));
        assertEquals(4464, Data.wireBlock(70000));
    }

    @Test
    public void errorCodesMapByNumber() {
        assertEquals(TftpErrorCode.OPTION_REFUSED, TftpErrorCode.of(8));
        assertEquals(TftpErrorCode.NOT_DEFINED, TftpErrorCode.of(0));
        assertEquals(TftpErrorCode.UNKNOWN, TftpErrorCode.of(9));
        assertEquals(TftpErrorCode.UNKNOWN, TftpErrorCode.of(-1));
        assertEquals(TransferMode.NETASCII, TransferMode.of("NetAscii"));
        assertEquals(TransferMode.UNKNOWN, TransferMode.of(""));
    }
}
