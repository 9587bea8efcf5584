package org.karafpxe.tftp.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.karafpxe.api.BootFile;
import org.karafpxe.tftp.BlockSource;

/** A boot file from any source, seen as the content of a transfer. The size is taken once, at open. */
final class BootFileBlockSource implements BlockSource {

    private final BootFile file;
    private final long size;

    BootFileBlockSource(BootFile file) {
        this.file = file;
        long reported = file.size();
        this.size = reported < 0 ? -1 : reported;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        if (size >= 0 && position >= size) {
            return -1;
        }
        return file.read(dst, position);
    }

    @Override
    public void delivering() {
        file.delivering();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
