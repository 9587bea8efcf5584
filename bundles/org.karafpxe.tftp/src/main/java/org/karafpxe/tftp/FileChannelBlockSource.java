package org.karafpxe.tftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

final class FileChannelBlockSource implements BlockSource {

    private final FileChannel channel;
    private final long size;

    FileChannelBlockSource(FileChannel channel, long size) {
        this.channel = channel;
        this.size = size;
    }

    @Override
    public long size() {
        return size;
    }

    /** Bounded by the size taken at open, so a file that grows does not contradict the announced tsize. */
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
}
