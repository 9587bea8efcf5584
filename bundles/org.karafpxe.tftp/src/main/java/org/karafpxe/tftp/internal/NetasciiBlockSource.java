package org.karafpxe.tftp.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.karafpxe.tftp.BlockSource;

/**
 * Presents a local (Unix line ending) file in netascii (RFC 764, as RFC 1350 requires): LF becomes CR LF
 * and a bare CR becomes CR NUL. A CR LF already in the file is translated byte by byte too (CR NUL CR LF),
 * as tftp-hpa does, since the file is taken to be a Unix text file.
 *
 * <p>Translated positions differ from file positions, so the source streams forward and remembers where
 * each read started and ended (translated position, file position, and the second byte of a pair split by
 * a block boundary). A retransmission re-reads from one of those checkpoints instead of from the start;
 * {@link #release(long)} drops the ones behind the acknowledged data, so memory follows the window size.
 *
 * <p>The translated size is unknown without reading the whole file, so {@link #size()} is -1 and a tsize
 * request is left out of the OACK.
 */
public final class NetasciiBlockSource implements BlockSource {

    /** Safety bound for callers that never release; reads stay correct, only slower, beyond it. */
    private static final int MAX_CHECKPOINTS = 4096;
    private static final int NO_PENDING = -1;

    private record Checkpoint(long filePosition, int pending) {
    }

    private final BlockSource file;
    private final NavigableMap<Long, Checkpoint> checkpoints = new TreeMap<>();
    private final ByteBuffer fileBuffer = ByteBuffer.allocate(8192);
    private long fileBufferStart;

    private long filePosition;
    private int pending;

    public NetasciiBlockSource(BlockSource file) {
        this.file = file;
        fileBuffer.limit(0);
        checkpoints.put(0L, new Checkpoint(0, NO_PENDING));
    }

    @Override
    public long size() {
        return -1;
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        if (position < 0) {
            throw new IllegalArgumentException("negative position " + position);
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        Map.Entry<Long, Checkpoint> from = checkpoints.floorEntry(position);
        long out = from == null ? 0 : from.getKey();
        filePosition = from == null ? 0 : from.getValue().filePosition();
        pending = from == null ? NO_PENDING : from.getValue().pending();

        int written = 0;
        while (dst.hasRemaining()) {
            if (out == position) {
                remember(out);
            }
            int b = next();
            if (b < 0) {
                break;
            }
            if (out >= position) {
                dst.put((byte) b);
                written++;
            }
            out++;
        }
        if (out >= position) {
            remember(out);
        }
        return written == 0 ? -1 : written;
    }

    @Override
    public void release(long position) {
        Long keep = checkpoints.floorKey(position);
        if (keep != null) {
            checkpoints.headMap(keep, false).clear();
        }
    }

    @Override
    public void delivering() {
        file.delivering();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    /** Next translated byte, or -1 at the end of the file. */
    private int next() throws IOException {
        if (pending != NO_PENDING) {
            int b = pending;
            pending = NO_PENDING;
            return b;
        }
        int b = fileByte(filePosition);
        if (b < 0) {
            return -1;
        }
        filePosition++;
        if (b == '\n') {
            pending = '\n';
            return '\r';
        }
        if (b == '\r') {
            pending = 0;
            return '\r';
        }
        return b;
    }

    private int fileByte(long at) throws IOException {
        if (at < fileBufferStart || at >= fileBufferStart + fileBuffer.limit()) {
            fileBuffer.clear();
            fileBufferStart = at;
            int n = file.read(fileBuffer, at);
            fileBuffer.flip();
            if (n <= 0) {
                return -1;
            }
        }
        return fileBuffer.get((int) (at - fileBufferStart)) & 0xFF;
    }

    private void remember(long translatedPosition) {
        checkpoints.put(translatedPosition, new Checkpoint(filePosition, pending));
        if (checkpoints.size() > MAX_CHECKPOINTS) {
            checkpoints.remove(checkpoints.higherKey(checkpoints.firstKey()));
        }
    }
}
