package org.karafpxe.api;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * An open boot file, read by position so that a transfer can re-read a window it must send
 * again without holding the file in memory.
 */
public interface BootFile extends Closeable {

    /** The size in bytes, or -1 when not known in advance (a generated stream). */
    long size();

    /**
     * Reads up to {@code dst.remaining()} bytes starting at {@code position}.
     *
     * @return the number of bytes read, or -1 at the end of the file
     */
    int read(ByteBuffer dst, long position) throws IOException;

    /**
     * Called once when the content starts to go to a client that wants it: TFTP, when the first
     * data block is sent (after the client acknowledged the options, so never for a size probe
     * that ends at the option acknowledgement); HTTP, when a GET's body starts (never for HEAD).
     * A source whose content has an effect when it is taken (a one-shot boot task) takes it here
     * rather than when the file is opened. Called off the servers' socket threads; a failure is
     * logged and the transfer goes on.
     *
     * @since 1.4
     */
    default void delivering() {
    }

    /**
     * The same content, with {@code onDelivering} run by {@link #delivering()}.
     *
     * @since 1.4
     */
    default BootFile whenDelivering(Runnable onDelivering) {
        BootFile content = this;
        return new BootFile() {
            @Override
            public long size() {
                return content.size();
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                return content.read(dst, position);
            }

            @Override
            public void delivering() {
                content.delivering();
                onDelivering.run();
            }

            @Override
            public void close() throws IOException {
                content.close();
            }
        };
    }

    @Override
    default void close() throws IOException {
    }

    /** A file held in memory, for generated content such as per-client scripts. */
    static BootFile of(byte[] content) {
        byte[] copy = content.clone();
        return new BootFile() {
            @Override
            public long size() {
                return copy.length;
            }

            @Override
            public int read(ByteBuffer dst, long position) {
                if (position >= copy.length) {
                    return -1;
                }
                int n = (int) Math.min(dst.remaining(), copy.length - position);
                dst.put(copy, (int) position, n);
                return n;
            }
        };
    }

    /**
     * An open file, read by position and bounded by its size now, so that a size announced to a
     * client (TFTP tsize, HTTP Content-Length) and the bytes sent agree even if the file grows.
     * Takes over the channel: closing the boot file closes it, and so does a failure here.
     */
    static BootFile of(FileChannel channel) throws IOException {
        long size;
        try {
            size = channel.size();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new BootFile() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                if (position >= size) {
                    return -1;
                }
                long left = size - position;
                if (dst.remaining() <= left) {
                    return channel.read(dst, position);
                }
                ByteBuffer limited = dst.duplicate();
                limited.limit(limited.position() + (int) left);
                int n = channel.read(limited, position);
                if (n > 0) {
                    dst.position(dst.position() + n);
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }
}
