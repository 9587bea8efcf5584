package org.karafpxe.tftp.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.Test;
import org.karafpxe.tftp.Ack;
import org.karafpxe.tftp.BlockSource;
import org.karafpxe.tftp.Data;
import org.karafpxe.tftp.ErrorPacket;
import org.karafpxe.tftp.TftpPacket;

/**
 * The read-ahead between a transfer and its file: it reads only off the event loop, keeps no more than
 * the window in flight plus the read-ahead in memory, and hands the transfer exactly the file's bytes.
 * Both threads are simulated by task queues the test runs by hand.
 */
public class ReadAheadTest {

    /** Runs tasks only when the test says so. */
    private static final class ManualExecutor implements Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        boolean runOne() {
            Runnable task = tasks.poll();
            if (task == null) {
                return false;
            }
            task.run();
            return true;
        }
    }

    /** Content that records reads, releases and closing. */
    private static final class RecordingSource implements BlockSource {
        final byte[] content;
        final List<Long> reads = new ArrayList<>();
        final List<Long> releases = new ArrayList<>();
        boolean closed;
        IOException failAt;
        long failPosition = Long.MAX_VALUE;

        RecordingSource(byte[] content) {
            this.content = content;
        }

        @Override
        public long size() {
            return content.length;
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            if (closed) {
                throw new IOException("read after close");
            }
            reads.add(position);
            if (position >= failPosition) {
                throw failAt;
            }
            if (position >= content.length) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), content.length - position);
            dst.put(content, (int) position, n);
            return n;
        }

        @Override
        public void release(long position) {
            releases.add(position);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final ManualExecutor reader = new ManualExecutor();
    private final ManualExecutor loop = new ManualExecutor();
    private int chunksArrived;

    private ReadAhead readAhead(BlockSource source, long windowBytes) {
        return new ReadAhead(source, reader, loop, UnpooledByteBufAllocator.DEFAULT, windowBytes,
                () -> chunksArrived++);
    }

    /** Runs the pending read on the reader, then its hand-over on the event loop. */
    private void deliver() {
        assertTrue("a read was requested", reader.runOne());
        assertTrue("the chunk is handed to the event loop", loop.runOne());
    }

    @Test
    public void readsNothingUntilAskedAndNeverOnTheCallingThread() {
        RecordingSource source = new RecordingSource(ServerFixture.content(10_000, 1));
        ReadAhead ahead = readAhead(source, 512);
        assertFalse(ahead.ready());
        ahead.fetch();
        assertTrue("the read is queued for the reader, not done here", source.reads.isEmpty());
        assertFalse(ahead.ready());
        ahead.fetch();
        assertEquals("one read at a time", 1, reader.tasks.size());
        deliver();
        assertTrue(ahead.ready());
        assertEquals(1, chunksArrived);
    }

    @Test
    public void readsAheadAtLeast64KiBButNoMoreThanNeeded() throws IOException {
        RecordingSource source = new RecordingSource(ServerFixture.content(1 << 20, 2));
        ReadAhead ahead = readAhead(source, 512);
        ahead.fetch();
        deliver();
        assertEquals(ReadAhead.MIN_READ_AHEAD, ahead.cachedBytes());
        ahead.read(ByteBuffer.allocate(512), 0);
        ahead.fetch();
        assertTrue("no read while most of the read-ahead is left", reader.tasks.isEmpty());

        ReadAhead wide = readAhead(new RecordingSource(ServerFixture.content(1 << 20, 3)), 8 * 65464);
        wide.fetch();
        deliver();
        assertEquals("a chunk is capped", ReadAhead.MAX_CHUNK, wide.cachedBytes());
        assertFalse("a whole window is not there yet", wide.ready());
        wide.fetch();
        deliver();
        assertTrue(wide.ready());
        assertEquals(8 * 65464, wide.cachedBytes());
    }

    @Test
    public void readPastTheCacheOrBeforeTheReleasedPositionFails() throws IOException {
        RecordingSource source = new RecordingSource(ServerFixture.content(200_000, 4));
        ReadAhead ahead = readAhead(source, 1024);
        ahead.fetch();
        deliver();
        try {
            ahead.read(ByteBuffer.allocate(1024), ReadAhead.MIN_READ_AHEAD);
            fail("a read past the cache must not look like the end of the file");
        } catch (IOException expected) {
            // expected
        }
        ByteBuffer block = ByteBuffer.allocate(1024);
        assertEquals(1024, ahead.read(block, 4096));
        assertArrayEquals(Arrays.copyOfRange(source.content, 4096, 5120), block.array());
        ahead.release(ReadAhead.MIN_READ_AHEAD);
        assertEquals(0, ahead.cachedBytes());
        try {
            ahead.read(ByteBuffer.allocate(10), 0);
            fail("released bytes are gone");
        } catch (IOException expected) {
            // expected
        }
    }

    @Test
    public void endOfFileIsReportedAfterTheLastByte() throws IOException {
        RecordingSource source = new RecordingSource(ServerFixture.content(1000, 5));
        ReadAhead ahead = readAhead(source, 512);
        ahead.fetch();
        deliver();
        assertTrue(ahead.ready());
        ByteBuffer block = ByteBuffer.allocate(512);
        assertEquals(488, ahead.read(block, 512));
        block.clear();
        assertEquals(-1, ahead.read(block, 1000));
        ahead.fetch();
        assertTrue("nothing left to read", reader.tasks.isEmpty());
    }

    @Test
    public void releasesReachTheSourceWithTheNextRead() throws IOException {
        RecordingSource source = new RecordingSource(ServerFixture.content(300_000, 6));
        ReadAhead ahead = readAhead(source, 512);
        ahead.fetch();
        deliver();
        long consumed = ReadAhead.MIN_READ_AHEAD / 2 + 512;
        for (long p = 0; p < consumed; p += 512) {
            ahead.read(ByteBuffer.allocate(512), p);
            ahead.release(p + 512);
        }
        ahead.fetch();
        deliver();
        assertEquals(List.of(0L, consumed), source.releases.subList(0, 2));
    }

    @Test
    public void closeWaitsForTheReadUnderWayAndClosesTheSourceOnTheReader() {
        RecordingSource source = new RecordingSource(ServerFixture.content(300_000, 7));
        ReadAhead ahead = readAhead(source, 512);
        ahead.fetch();
        ahead.close();
        assertFalse("closing waits for the reader", source.closed);
        assertTrue(reader.runOne());
        assertFalse(source.closed);
        assertTrue(reader.runOne());
        assertTrue(source.closed);
        assertTrue("the late chunk is dropped", loop.runOne());
        assertEquals(0, ahead.cachedBytes());
        assertEquals(0, chunksArrived);
    }

    @Test
    public void aReadFailureReachesTheTransferAsAnIoException() {
        RecordingSource source = new RecordingSource(ServerFixture.content(300_000, 8));
        source.failPosition = 0;
        source.failAt = new IOException("disk on fire");
        ReadAhead ahead = readAhead(source, 512);
        ahead.fetch();
        deliver();
        assertTrue("the transfer may go on, and will find the failure", ahead.ready());
        try {
            ahead.read(ByteBuffer.allocate(512), 0);
            fail();
        } catch (IOException e) {
            assertEquals("disk on fire", e.getMessage());
        }
    }

    private void awaitReady(ReadAhead ahead) {
        ahead.fetch();
        while (!ahead.ready()) {
            deliver();
            ahead.fetch();
        }
    }

    /** A whole transfer through ReadTransfer, answering only when the read-ahead is ready, as the session does. */
    @Test
    public void wholeTransferIsExactAndMemoryStaysBounded() throws IOException {
        for (int[] shape : new int[][] {{512, 1}, {1468, 4}, {8192, 16}, {65464, 2}}) {
            int blockSize = shape[0];
            int windowSize = shape[1];
            byte[] content = ServerFixture.content(3 * (1 << 20) + 77, blockSize);
            RecordingSource source = new RecordingSource(content);
            long windowBytes = (long) blockSize * windowSize;
            ReadAhead ahead = readAhead(source, windowBytes);
            ReadTransfer transfer = new ReadTransfer(new Negotiated(blockSize, windowSize, Duration.ofSeconds(1),
                    false, Map.of()), ahead, 3);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            long maxCached = 0;
            awaitReady(ahead);
            List<TftpPacket> out = transfer.start(0).packets();
            long expected = 1;
            for (int step = 0; step < 1_000_000 && !transfer.state().isTerminal(); step++) {
                int lastBlock = -1;
                for (TftpPacket packet : out) {
                    if (packet instanceof ErrorPacket error) {
                        fail("transfer failed: " + error.message());
                    }
                    Data data = (Data) packet;
                    assertEquals(Data.wireBlock(expected), data.block());
                    received.writeBytes(data.payloadBytes());
                    expected++;
                    lastBlock = data.block();
                }
                maxCached = Math.max(maxCached, ahead.cachedBytes());
                awaitReady(ahead);
                out = transfer.onPacket(new Ack(lastBlock), 0).packets();
            }
            assertArrayEquals("blksize " + blockSize, content, received.toByteArray());
            long bound = windowBytes + Math.max(windowBytes, ReadAhead.MIN_READ_AHEAD) + ReadAhead.MAX_CHUNK;
            assertTrue("cached " + maxCached + " > " + bound, maxCached <= bound);
            ahead.close();
            while (reader.runOne()) {
                loop.runOne();
            }
            assertTrue(source.closed);
        }
    }

    @Test
    public void inlineAChunkIsReadAndCachedOnTheCallingThreadAndTheReaderOnlyClosesTheSource() throws IOException {
        RecordingSource source = new RecordingSource(ServerFixture.content(300_000, 5));
        AtomicBoolean inline = new AtomicBoolean(true);
        ReadAhead ahead = new ReadAhead(source, reader, loop, UnpooledByteBufAllocator.DEFAULT, 1468 * 4,
                ReadAhead.Budget.unshared(), inline::get, () -> chunksArrived++);
        ahead.fetch();
        assertTrue("read here", ahead.ready());
        assertTrue(reader.tasks.isEmpty());
        assertTrue(loop.tasks.isEmpty());
        assertEquals("no hand-over to announce", 0, chunksArrived);
        assertEquals(ReadAhead.MIN_READ_AHEAD, ahead.cachedBytes());
        ByteBuffer block = ByteBuffer.allocate(1468);
        ahead.read(block, 1468);
        assertArrayEquals(Arrays.copyOfRange(source.content, 1468, 2 * 1468), block.array());

        inline.set(false);
        ahead.read(ByteBuffer.allocate(ReadAhead.MIN_READ_AHEAD - 2 * 1468), 2 * 1468);
        ahead.fetch();
        assertEquals("with many transfers, the reader reads again", 1, reader.tasks.size());
        deliver();
        assertEquals(1, chunksArrived);
        ahead.close();
        assertFalse("closed on the reader", source.closed);
        reader.runOne();
        assertTrue(source.closed);
    }

    @Test
    public void sessionsShareOneBudgetButEachKeepsAWindow() throws IOException {
        ReadAhead.Budget budget = new ReadAhead.Budget(1024 * 1024);
        List<ReadAhead> sessions = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sessions.add(new ReadAhead(new RecordingSource(ServerFixture.content(1 << 20, 3)), reader, loop,
                    UnpooledByteBufAllocator.DEFAULT, 1468 * 4, budget, () -> false, () -> chunksArrived++));
        }
        assertEquals(100, budget.sessions());
        assertEquals("1 MiB over 100 sessions", 1024 * 1024 / 100, budget.share(1468 * 4));
        assertEquals("never less than one window", 8192 * 4, budget.share(8192 * 4));
        ReadAhead first = sessions.get(0);
        first.fetch();
        deliver();
        assertEquals(1024 * 1024 / 100, first.cachedBytes());
        sessions.forEach(ReadAhead::close);
        assertEquals(0, budget.sessions());
        assertEquals("alone, a session reads ahead fully", ReadAhead.MIN_READ_AHEAD, budget.share(1468 * 4));
    }

    @Test
    public void runningOutOfBufferMemoryFailsTheTransferInsteadOfStallingIt() {
        AbstractByteBufAllocator exhausted = new AbstractByteBufAllocator(false) {
            @Override
            protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
                return Unpooled.buffer(initialCapacity, maxCapacity);
            }

            @Override
            protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
                throw new OutOfMemoryError("Cannot reserve direct buffer memory");
            }

            @Override
            public boolean isDirectBufferPooled() {
                return false;
            }
        };
        ReadAhead ahead = new ReadAhead(new RecordingSource(ServerFixture.content(10_000, 4)), reader, loop,
                exhausted, 512, () -> chunksArrived++);
        ahead.fetch();
        deliver();
        assertTrue("the transfer can go on, to its error", ahead.ready());
        assertEquals(1, chunksArrived);
        try {
            ahead.read(ByteBuffer.allocate(512), 0);
            fail("a read without memory must fail");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("no memory to read the file"));
        }
    }
}
