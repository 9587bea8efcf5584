package org.karafpxe.tftp;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Random-access content served by a read transfer: a file, or bytes generated in memory.
 *
 * <p>Transfers read each block at its position when they send it and again when they retransmit it, so a
 * source is never read whole into memory. Content must not change while a transfer reads it.
 */
public interface BlockSource extends Closeable {

    /** Number of bytes the transfer will send, or -1 when that is not known in advance. */
    long size();

    /**
     * Reads bytes starting at {@code position} into {@code dst}, like {@code FileChannel.read(ByteBuffer, long)}.
     *
     * @return bytes read; 0 or -1 only at the end of the content
     */
    int read(ByteBuffer dst, long position) throws IOException;

    /**
     * Tells the source that positions before {@code position} will not be read again, so a source that keeps
     * state per position may drop it.
     */
    default void release(long position) {
    }

    /**
     * Called once when the first data block is sent to the client: after it acknowledged the
     * options, so never for a size probe that ends at the option acknowledgement. Called on a
     * reader thread, never on a socket's event loop.
     *
     * @since 1.1
     */
    default void delivering() {
    }

    @Override
    default void close() throws IOException {
    }

    /** Serves a copy of {@code content}. */
    static BlockSource ofBytes(byte[] content) {
        return new ByteArrayBlockSource(content.clone());
    }
}
