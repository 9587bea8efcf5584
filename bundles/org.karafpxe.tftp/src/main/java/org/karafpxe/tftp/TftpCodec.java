package org.karafpxe.tftp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wire format of TFTP packets (RFC 1350, RFC 2347).
 *
 * <p>Decoding never throws and is deliberately lenient where real clients deviate without ambiguity:
 * <ul>
 *   <li>Strings are read byte-for-byte as ISO-8859-1, so non-ASCII file names survive unchanged.</li>
 *   <li>NUL bytes after the last option of a request or OACK are treated as padding.</li>
 *   <li>Bytes after the block number of an ACK are ignored.</li>
 *   <li>An ERROR message without its terminating NUL is taken to the end of the datagram: losing a
 *       client's error would leave a transfer retransmitting to a peer that has given up.</li>
 * </ul>
 * A repeated option is rejected as {@link MalformedReason#DUPLICATE_OPTION}: RFC 2347 does not say
 * which occurrence wins, and guessing could make the server and client disagree on block size.
 */
public final class TftpCodec {

    public static final int OP_RRQ = 1;
    public static final int OP_WRQ = 2;
    public static final int OP_DATA = 3;
    public static final int OP_ACK = 4;
    public static final int OP_ERROR = 5;
    public static final int OP_OACK = 6;

    /** The longest read or write request decoded, options included (RFC 2347: 512 octets). */
    public static final int MAX_REQUEST_BYTES = 512;

    /** The most options a request may carry: firmware sends up to four (blksize, tsize, timeout, windowsize). */
    public static final int MAX_OPTIONS = 8;

    /** Opcode and block number in front of every DATA payload. */
    public static final int DATA_HEADER_LENGTH = 4;

    private TftpCodec() {
    }

    public static DecodeResult decode(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            return malformed(MalformedReason.BAD_RANGE, "offset " + off + ", length " + len);
        }
        if (len < 2) {
            return malformed(MalformedReason.TOO_SHORT, "no opcode");
        }
        int end = off + len;
        int opcode = u16(buf, off);
        int body = off + 2;
        return switch (opcode) {
            case OP_RRQ, OP_WRQ -> len > MAX_REQUEST_BYTES
                    ? malformed(MalformedReason.OVERSIZED_REQUEST, len + " bytes, at most " + MAX_REQUEST_BYTES)
                    : decodeRequest(opcode, buf, body, end);
            case OP_DATA -> decodeData(buf, body, end);
            case OP_ACK -> end - body < 2
                    ? malformed(MalformedReason.TOO_SHORT, "ACK without block number")
                    : new DecodeResult.Decoded(new Ack(u16(buf, body)));
            case OP_ERROR -> decodeError(buf, body, end);
            case OP_OACK -> decodeOack(buf, body, end);
            default -> malformed(MalformedReason.UNKNOWN_OPCODE, "opcode " + opcode);
        };
    }

    /** Decodes the remaining bytes of {@code src} without moving its position. */
    public static DecodeResult decode(ByteBuffer src) {
        if (src == null) {
            return malformed(MalformedReason.BAD_RANGE, "no buffer");
        }
        if (src.hasArray()) {
            return decode(src.array(), src.arrayOffset() + src.position(), src.remaining());
        }
        byte[] copy = new byte[src.remaining()];
        src.duplicate().get(copy);
        return decode(copy, 0, copy.length);
    }

    private static DecodeResult decodeRequest(int opcode, byte[] buf, int p, int end) {
        Cursor cursor = new Cursor(buf, p, end);
        String filename = cursor.string();
        if (filename == null) {
            return malformed(MalformedReason.MISSING_TERMINATOR, "filename");
        }
        String mode = cursor.string();
        if (mode == null) {
            return malformed(MalformedReason.MISSING_TERMINATOR, "mode");
        }
        Map<String, String> options = new LinkedHashMap<>();
        DecodeResult.Malformed failure = readOptions(cursor, options);
        if (failure != null) {
            return failure;
        }
        if (options.size() > MAX_OPTIONS) {
            return malformed(MalformedReason.TOO_MANY_OPTIONS, options.size() + " options, at most " + MAX_OPTIONS);
        }
        TransferMode transferMode = TransferMode.of(mode);
        TftpPacket packet = opcode == OP_RRQ
                ? new ReadRequest(filename, transferMode, options)
                : new WriteRequest(filename, transferMode, options);
        return new DecodeResult.Decoded(packet);
    }

    private static DecodeResult decodeOack(byte[] buf, int p, int end) {
        Map<String, String> options = new LinkedHashMap<>();
        DecodeResult.Malformed failure = readOptions(new Cursor(buf, p, end), options);
        return failure != null ? failure : new DecodeResult.Decoded(new OptionAck(options));
    }

    private static DecodeResult.Malformed readOptions(Cursor cursor, Map<String, String> into) {
        while (!cursor.onlyPaddingLeft()) {
            String name = cursor.string();
            if (name == null) {
                return malformed(MalformedReason.MISSING_TERMINATOR, "option name");
            }
            if (name.isEmpty()) {
                return malformed(MalformedReason.EMPTY_OPTION_NAME, "");
            }
            if (cursor.atEnd()) {
                return malformed(MalformedReason.OPTION_WITHOUT_VALUE, name);
            }
            String value = cursor.string();
            if (value == null) {
                return malformed(MalformedReason.MISSING_TERMINATOR, "value of option " + name);
            }
            String key = WireText.optionKey(name);
            if (into.putIfAbsent(key, value) != null) {
                return malformed(MalformedReason.DUPLICATE_OPTION, key);
            }
        }
        return null;
    }

    private static DecodeResult decodeData(byte[] buf, int p, int end) {
        if (end - p < 2) {
            return malformed(MalformedReason.TOO_SHORT, "DATA without block number");
        }
        int block = u16(buf, p);
        return new DecodeResult.Decoded(Data.copyOf(block, buf, p + 2, end - p - 2));
    }

    private static DecodeResult decodeError(byte[] buf, int p, int end) {
        if (end - p < 2) {
            return malformed(MalformedReason.TOO_SHORT, "ERROR without code");
        }
        TftpErrorCode code = TftpErrorCode.of(u16(buf, p));
        Cursor cursor = new Cursor(buf, p + 2, end);
        String message = cursor.string();
        if (message == null) {
            message = cursor.rest();
        }
        return new DecodeResult.Decoded(new ErrorPacket(code, message));
    }

    private static int u16(byte[] buf, int p) {
        return ((buf[p] & 0xFF) << 8) | (buf[p + 1] & 0xFF);
    }

    private static DecodeResult.Malformed malformed(MalformedReason reason, String detail) {
        return new DecodeResult.Malformed(reason, detail);
    }

    // ---------------------------------------------------------------- encoding

    /**
     * @throws IllegalArgumentException for a request in {@link TransferMode#UNKNOWN} mode or an error with
     *         {@link TftpErrorCode#UNKNOWN}: their original wire values are not kept, so they cannot be written
     */
    public static byte[] encode(TftpPacket packet) {
        if (packet instanceof ReadRequest r) {
            return request(OP_RRQ, r.filename(), r.mode(), r.options());
        } else if (packet instanceof WriteRequest w) {
            return request(OP_WRQ, w.filename(), w.mode(), w.options());
        } else if (packet instanceof Data d) {
            ByteBuffer out = ByteBuffer.allocate(DATA_HEADER_LENGTH + d.length());
            writeData(out, d);
            return out.array();
        } else if (packet instanceof Ack a) {
            return new byte[] {0, OP_ACK, (byte) (a.block() >>> 8), (byte) a.block()};
        } else if (packet instanceof ErrorPacket e) {
            return error(e);
        } else if (packet instanceof OptionAck o) {
            Writer w = new Writer(OP_OACK);
            w.options(o.options());
            return w.toByteArray();
        }
        throw new IllegalArgumentException("not a TFTP packet: " + packet);
    }

    /**
     * Writes {@code packet} at the position of {@code dst}; DATA goes straight from its payload view into
     * {@code dst} without an intermediate array.
     *
     * @throws java.nio.BufferOverflowException if {@code dst} has too little room
     */
    public static void encode(TftpPacket packet, ByteBuffer dst) {
        if (packet instanceof Data d) {
            writeData(dst, d);
        } else {
            dst.put(encode(packet));
        }
    }

    /** Space {@link #encode(TftpPacket, ByteBuffer)} needs for {@code packet}. */
    public static int encodedLength(TftpPacket packet) {
        return packet instanceof Data d ? DATA_HEADER_LENGTH + d.length() : encode(packet).length;
    }

    /**
     * Writes the 4-byte DATA header, so that a socket layer can read the file block directly after it
     * into the same outgoing buffer.
     */
    public static void writeDataHeader(ByteBuffer dst, int block) {
        WireText.requireWireBlock(block);
        dst.put((byte) 0).put((byte) OP_DATA).put((byte) (block >>> 8)).put((byte) block);
    }

    private static void writeData(ByteBuffer dst, Data data) {
        writeDataHeader(dst, data.block());
        dst.put(data.payload());
    }

    private static byte[] request(int opcode, String filename, TransferMode mode, Map<String, String> options) {
        if (mode == TransferMode.UNKNOWN) {
            throw new IllegalArgumentException("cannot encode a request in UNKNOWN mode");
        }
        Writer w = new Writer(opcode);
        w.string(filename);
        w.string(mode.wireName());
        w.options(options);
        return w.toByteArray();
    }

    private static byte[] error(ErrorPacket e) {
        if (e.code() == TftpErrorCode.UNKNOWN) {
            throw new IllegalArgumentException("cannot encode an UNKNOWN error code");
        }
        Writer w = new Writer(OP_ERROR);
        w.u16(e.code().code());
        w.string(e.message().replace('\0', '?'));
        return w.toByteArray();
    }

    /** Reads NUL-terminated ISO-8859-1 strings from a byte range. */
    private static final class Cursor {
        private final byte[] buf;
        private final int end;
        private int pos;

        Cursor(byte[] buf, int pos, int end) {
            this.buf = buf;
            this.pos = pos;
            this.end = end;
        }

        /** The next string, or null when no NUL terminates it before the end. */
        String string() {
            for (int i = pos; i < end; i++) {
                if (buf[i] == 0) {
                    String s = new String(buf, pos, i - pos, StandardCharsets.ISO_8859_1);
                    pos = i + 1;
                    return s;
                }
            }
            return null;
        }

        String rest() {
            String s = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
            pos = end;
            return s;
        }

        boolean atEnd() {
            return pos >= end;
        }

        boolean onlyPaddingLeft() {
            for (int i = pos; i < end; i++) {
                if (buf[i] != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

        Writer(int opcode) {
            u16(opcode);
        }

        void u16(int value) {
            out.write(value >>> 8);
            out.write(value);
        }

        void string(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            out.write(0);
        }

        void options(Map<String, String> options) {
            options.forEach((k, v) -> {
                string(k);
                string(v);
            });
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
