package org.karafpxe.tftp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.karafpxe.tftp.BlockSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the bytes a transfer is about to send in memory, read off the event loop, so that the event loop
 * never waits for a disk or for a boot file source backed by a database while it serves many transfers.
 * While it serves few, the session can have the chunks read on the event loop instead ({@code inline}):
 * see {@link TransferSession}.
 *
 * <p>The transfer reads through this class on its event loop. Reads of the underlying content happen on
 * the session's {@link SerialExecutor}, forward only, in chunks; each finished chunk is handed back to
 * the event loop, which is the only thread touching the cached chunks. The session asks {@link #ready()}
 * before it lets the transfer act on an ACK: the transfer then reads at most one window past what it has
 * read so far, and that is in memory. A retransmission re-reads the window in flight, which stays cached
 * until the client acknowledges it.
 *
 * <p>Memory per session is bounded by the window in flight plus the read-ahead, refilled when half of
 * it is left. Every hand-over between the threads costs wake-ups on both sides, so a lone lock-step
 * transfer of 512-byte blocks reads {@link #MIN_READ_AHEAD} bytes at a time rather than a block at a
 * time. Sessions share one {@link Budget}, though: when thousands of machines boot at once, each gets
 * its share of it, but never less than one window, so memory follows the windows in flight rather
 * than the number of sessions times a fixed read-ahead. The file's size never matters.
 */
final class ReadAhead implements BlockSource {
    private static final Logger LOG = LoggerFactory.getLogger(ReadAhead.class);

    static final int MIN_READ_AHEAD = 128 * 1024;
    static final int MAX_CHUNK = 256 * 1024;

    /** The read-ahead memory all sessions of a server share. */
    static final class Budget {
        /** What a server lets its sessions hold read ahead, together. */
        static final long DEFAULT_BYTES = 16L * 1024 * 1024;

        private final long totalBytes;
        private final AtomicInteger sessions = new AtomicInteger();

        Budget(long totalBytes) {
            this.totalBytes = totalBytes;
        }

        /** No sharing: every session reads ahead as much as it would alone. */
        static Budget unshared() {
            return new Budget(Long.MAX_VALUE);
        }

        /** The read-ahead of one session with this window, now. */
        long share(long windowBytes) {
            long perSession = totalBytes / Math.max(1, sessions.get());
            return Math.max(windowBytes, Math.min(MIN_READ_AHEAD, perSession));
        }

        int sessions() {
            return sessions.get();
        }
    }

    private record Chunk(long start, ByteBuf bytes) {
        long end() {
            return start + bytes.readableBytes();
        }
    }

    private final BlockSource source;
    private final Executor reader;
    private final Executor eventLoop;
    private final ByteBufAllocator allocator;
    private final long windowBytes;
    private final Budget budget;
    private final BooleanSupplier inline;
    private final Runnable onChunk;
    private final long size;

    private final Deque<Chunk> chunks = new ArrayDeque<>();
    /** End of the cached content. */
    private long available;
    /** End of what the transfer has read so far. */
    private long highWater;
    /** Position before which the transfer will not read again, passed on to the source with the next fill. */
    private long released;
    private boolean endReached;
    private boolean filling;
    private boolean closed;
    private IOException failure;

    /**
     * @param source      the content; read on {@code reader} (or inline, on the event loop, one read at a
     *                    time either way), and closed on {@code reader}
     * @param reader      runs this session's reads one at a time
     * @param eventLoop   the thread the transfer runs on, where finished chunks are handed back
     * @param windowBytes block size times window size: the most one step of the transfer reads
     * @param onChunk     called on the event loop after each chunk arrives (or a read fails)
     */
    ReadAhead(BlockSource source, Executor reader, Executor eventLoop, ByteBufAllocator allocator, long windowBytes,
              Runnable onChunk) {
        this(source, reader, eventLoop, allocator, windowBytes, Budget.unshared(), () -> false, onChunk);
    }

    /**
     * @param inline whether to read on the calling thread (the event loop) now rather than on
     *               {@code reader}; a chunk read so is in the cache when {@link #fetch} returns, and
     *               {@code onChunk} is not called for it
     */
    ReadAhead(BlockSource source, Executor reader, Executor eventLoop, ByteBufAllocator allocator, long windowBytes,
              Budget budget, BooleanSupplier inline, Runnable onChunk) {
        this.source = source;
        this.inline = inline;
        this.reader = reader;
        this.eventLoop = eventLoop;
        this.allocator = allocator;
        this.windowBytes = windowBytes;
        this.budget = budget;
        budget.sessions.incrementAndGet();
        this.onChunk = onChunk;
        this.size = source.size();
    }

    @Override
    public long size() {
        return size;
    }

    /** Whether the transfer can take its next step without reading past the cache. */
    boolean ready() {
        return failure != null || endReached || available >= highWater + windowBytes;
    }

    /** Bytes held in memory now. */
    long cachedBytes() {
        long total = 0;
        for (Chunk chunk : chunks) {
            total += chunk.bytes().readableBytes();
        }
        return total;
    }

    /** Starts reading the next chunk if the cache runs low and no read is under way. */
    void fetch() {
        if (closed || filling || endReached || failure != null) {
            return;
        }
        long buffered = available - highWater;
        long aheadBytes = budget.share(windowBytes);
        if (buffered >= windowBytes && buffered > aheadBytes / 2) {
            return;
        }
        long from = available;
        int length = (int) Math.min(highWater + aheadBytes - available, MAX_CHUNK);
        long releaseTo = released;
        filling = true;
        if (inline.getAsBoolean()) {
            fill(from, length, releaseTo, this::cache);
            return;
        }
        try {
            reader.execute(() -> fill(from, length, releaseTo, this::handBack));
        } catch (RejectedExecutionException e) {
            filling = false;
            failure = new IOException("no thread to read the file");
        }
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        Chunk first = chunks.peekFirst();
        long oldest = first != null ? first.start() : available;
        if (position < oldest) {
            throw new IOException("position " + position + " was already released");
        }
        if (position >= available) {
            if (endReached) {
                return -1;
            }
            if (failure != null) {
                throw new IOException(failure.getMessage(), failure);
            }
            throw new IOException("position " + position + " is past the bytes read ahead (" + available + ")");
        }
        int copied = 0;
        long at = position;
        for (Chunk chunk : chunks) {
            if (!dst.hasRemaining()) {
                break;
            }
            if (at >= chunk.end()) {
                continue;
            }
            int offset = (int) (at - chunk.start());
            int n = Math.min(dst.remaining(), chunk.bytes().readableBytes() - offset);
            ByteBuffer slice = dst.duplicate();
            slice.limit(slice.position() + n);
            chunk.bytes().getBytes(chunk.bytes().readerIndex() + offset, slice);
            dst.position(dst.position() + n);
            copied += n;
            at += n;
        }
        highWater = Math.max(highWater, at);
        return copied;
    }

    @Override
    public void release(long position) {
        released = Math.max(released, position);
        while (!chunks.isEmpty() && chunks.peekFirst().end() <= position) {
            chunks.pollFirst().bytes().release();
        }
    }

    /** Drops the cache and closes the source after any read under way. Called once, on the event loop. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        budget.sessions.decrementAndGet();
        chunks.forEach(chunk -> chunk.bytes().release());
        chunks.clear();
        Runnable closeSource = () -> {
            try {
                source.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Closing a served TFTP file failed: {}", e.toString());
            }
        };
        try {
            reader.execute(closeSource);
        } catch (RejectedExecutionException e) {
            // Only while the server stops; no read can be under way on a pool that takes no more work.
            closeSource.run();
        }
    }

    /** What becomes of a chunk once read: cached at once, or handed back to the event loop to be. */
    @FunctionalInterface
    private interface ChunkSink {
        void accept(long from, ByteBuf buffer, boolean end, IOException error);
    }

    /** Reads forward from {@code from} into one buffer, on the reader or, inline, on the event loop. */
    private void fill(long from, int length, long releaseTo, ChunkSink sink) {
        ByteBuf buffer;
        try {
            buffer = allocator.directBuffer(length, length);
        } catch (OutOfMemoryError e) {
            // Out of buffer memory: this transfer fails with an error packet, the server goes on.
            IOException error = new IOException("no memory to read the file (" + e.getMessage() + ")");
            sink.accept(from, Unpooled.EMPTY_BUFFER, false, error);
            return;
        }
        boolean end = false;
        IOException error = null;
        try {
            source.release(releaseTo);
            while (buffer.isWritable()) {
                ByteBuffer target = buffer.nioBuffer(buffer.writerIndex(), buffer.writableBytes());
                int n = source.read(target, from + buffer.writerIndex());
                if (n <= 0) {
                    end = true;
                    break;
                }
                buffer.writerIndex(buffer.writerIndex() + n);
            }
        } catch (IOException e) {
            error = e;
        } catch (RuntimeException e) {
            error = new IOException(e.toString(), e);
        }
        sink.accept(from, buffer, end, error);
    }

    /** Runs on the reader: the chunk is cached on the event loop, which then acts on it. */
    private void handBack(long from, ByteBuf buffer, boolean end, IOException error) {
        try {
            eventLoop.execute(() -> {
                cache(from, buffer, end, error);
                if (!closed) {
                    onChunk.run();
                }
            });
        } catch (RejectedExecutionException e) {
            buffer.release();
        }
    }

    /** Runs on the event loop. */
    private void cache(long from, ByteBuf buffer, boolean end, IOException error) {
        filling = false;
        if (closed) {
            buffer.release();
            return;
        }
        // Bytes read before a failure are still served; the failure surfaces where they end.
        if (buffer.isReadable()) {
            chunks.addLast(new Chunk(from, buffer));
            available += buffer.readableBytes();
        } else {
            buffer.release();
        }
        if (error != null) {
            failure = error;
        }
        endReached |= end;
    }
}
