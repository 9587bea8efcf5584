package org.karafpxe.tftp;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * DATA. {@code block} is the 16-bit wire value; transfers count blocks with a wider counter and use
 * {@link #wireBlock(long)}, so numbering rolls over from 65535 to 0 as tftp-hpa, curl, atftp and iPXE expect.
 *
 * <p>The payload is held as a read-only view and not copied, so that a block read from a file reaches
 * the socket with a single copy. Whoever builds a {@code Data} hands the buffer over and must not write
 * to it afterwards. Equality compares payload content.
 */
public record Data(int block, ByteBuffer payload) implements TftpPacket {

    public Data {
        WireText.requireWireBlock(block);
        payload = payload.slice().asReadOnlyBuffer();
    }

    /** An independent read-only view, so readers cannot disturb each other's position. */
    @Override
    public ByteBuffer payload() {
        return payload.duplicate();
    }

    public int length() {
        return payload.remaining();
    }

    public byte[] payloadBytes() {
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        return bytes;
    }

    public static Data copyOf(int block, byte[] bytes, int offset, int length) {
        return new Data(block, ByteBuffer.wrap(Arrays.copyOfRange(bytes, offset, offset + length)));
    }

    public static Data copyOf(int block, byte[] bytes) {
        return copyOf(block, bytes, 0, bytes.length);
    }

    /** The wire value of a block counter: the low 16 bits, wrapping 65535 to 0. */
    public static int wireBlock(long counter) {
        return (int) (counter & 0xFFFF);
    }

    @Override
    public String toString() {
        return "Data[block=" + block + ", length=" + payload.remaining() + "]";
    }
}
