package org.karafpxe.tftp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.karafpxe.tftp.Ack;
import org.karafpxe.tftp.BlockSource;
import org.karafpxe.tftp.Data;
import org.karafpxe.tftp.DecodeResult;
import org.karafpxe.tftp.ErrorPacket;
import org.karafpxe.tftp.ReadRequest;
import org.karafpxe.tftp.TftpCodec;
import org.karafpxe.tftp.TftpErrorCode;
import org.karafpxe.tftp.TftpPacket;
import org.karafpxe.tftp.TftpSessionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One read transfer on its own socket (its TID), connected to the client so that the kernel drops
 * datagrams from anyone else. Everything here runs on the socket's event loop, except the fields the
 * console reads, which are volatile.
 *
 * <p>The {@link ReadTransfer} decides what to send; this class feeds it the client's packets and its
 * deadlines, and holds an ACK back until {@link ReadAhead} has the bytes the answer needs, so that the
 * transfer never reads the file itself. One timer per session covers both the retransmission
 * deadline and the idle timeout; it is re-armed only when the next deadline comes earlier than the
 * one already armed, so a fast transfer does not re-schedule a timer per ACK.
 *
 * <p>While few transfers run (no more than the server's I/O threads), a lone transfer waits on the
 * round trip of each window, so the answer to an ACK is made only the send:
 * <ul>
 *   <li>a window is sent and the next one is read and encoded at once, before the client has
 *       acknowledged the first;</li>
 *   <li>the read-ahead reads the file on the event loop, between two windows, rather than on a reader
 *       thread: handing a read to another thread wakes it, and on a busy machine that thread takes
 *       the CPU of the client or of this loop for longer than the read (with fastget over loopback,
 *       a 50-100 µs stall at every 64 KiB read ahead, about a tenth of the transfer). This applies to
 *       the files of the server's own folder only: a slow disk then delays this loop's own transfer,
 *       and at most one other. Files of other sources (other bundles' code, which may wait on a
 *       database or a network) are always read on reader threads.</li>
 * </ul>
 * With many transfers, each keeps only its window in flight, and every read is on a reader thread.
 */
final class TransferSession extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(TransferSession.class);

    private final InetSocketAddress client;
    private final ReadRequest request;
    private final String file;
    private final TftpCounters counters;
    private volatile TftpSessionInfo finalInfo;
    private volatile TransferState finalState;
    private final Executor readerPool;
    private final ReadAhead.Budget readAheadBudget;
    private final Consumer<TransferSession> onEnd;
    private final BooleanSupplier fewTransfers;
    private final int retries;
    /**
     * How long a session waits for the first packet from its client (an ACK or an error) before it
     * gives its slot back, whatever the negotiated timeout: a real client answers within a round
     * trip, and asks again if its answer is lost; a request sent under another machine's address
     * never gets an answer, and must not hold a slot (or be retransmitted to that machine) for long.
     */
    static final long UNANSWERED_SECONDS = 4;
    private static final long UNANSWERED_NANOS = TimeUnit.SECONDS.toNanos(UNANSWERED_SECONDS);
    private final long idleNanos;

    private BlockSource source;
    private boolean localFile;
    private Negotiated params;
    private SerialExecutor reader;
    private volatile Channel channel;
    /** Set with the channel; used on its event loop only. */
    private PacketWriter writer;
    private ReadTransfer transfer;
    private ReadAhead readAhead;
    /** Whether the source was told its content starts to go out. Touched on the event loop only. */
    private boolean delivering;
    private boolean started;
    private boolean pendingStart;
    private Ack pendingAck;
    private ChannelFuture lastWrite;
    private ScheduledFuture<?> timer;
    private long timerDue;
    private long lastProgress;
    private long countedBytes;
    private long countedRetransmits;

    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean transferring;
    private volatile boolean heardFromClient;
    private volatile long totalBytes = -1;
    private volatile long startNanos;
    private volatile long bytesSent;
    private volatile long retransmits;

    TransferSession(InetSocketAddress client, ReadRequest request, String file, TftpSettings settings,
                    TftpCounters counters, Executor readerPool, ReadAhead.Budget readAheadBudget,
                    BooleanSupplier fewTransfers, Consumer<TransferSession> onEnd) {
        this.client = client;
        this.request = request;
        this.file = file;
        this.counters = counters;
        this.readerPool = readerPool;
        this.readAheadBudget = readAheadBudget;
        this.fewTransfers = fewTransfers;
        this.onEnd = onEnd;
        this.retries = settings.retries();
        this.idleNanos = settings.idleTimeout().toNanos();
    }

    InetSocketAddress client() {
        return client;
    }

    ReadRequest request() {
        return request;
    }

    boolean ended() {
        return ended.get();
    }

    /**
     * Whether the client has sent anything to this session's port. Until it has, the same request again
     * is the client repeating itself because our first answer has not reached it; afterwards, it is a new
     * request (tftp-hpa fetches file after file from one port).
     */
    boolean heardFromClient() {
        return heardFromClient;
    }

    /**
     * Hands over the opened content; called once, before the socket exists, off the event loop.
     *
     * @param localFile whether the content is a file of the server's own folder, which the event loop
     *                  may read itself while few transfers run; other sources are read on reader threads
     */
    void prepare(BlockSource content, Negotiated negotiated, boolean localFile) {
        this.source = content;
        this.localFile = localFile;
        this.params = negotiated;
        this.totalBytes = content.size();
        this.reader = new SerialExecutor(readerPool);
    }

    /** Starts the transfer on the newly connected socket; runs on its event loop. */
    void begin(Channel connected) {
        channel = connected;
        writer = new PacketWriter(connected, client, Transport.segments(connected));
        channel.closeFuture().addListener(f -> end(TransferState.FAILED, "socket closed"));
        if (ended.get()) {
            channel.close();
            return;
        }
        try {
            start();
        } catch (RuntimeException e) {
            LOG.warn("TFTP transfer of {} to {} could not start", file, client, e);
            end(TransferState.FAILED, "could not start: " + e);
        }
    }

    private void start() {
        long now = System.nanoTime();
        startNanos = now;
        lastProgress = now;
        transferring = true;
        // Read-ahead chunks are many sizes, allocated on reader threads and freed on event loops: from a
        // pool they would pin whole pool chunks and fill every thread's cache, so they come from (and
        // go straight back to) the system.
        readAhead = new ReadAhead(source, reader, channel.eventLoop(), UnpooledByteBufAllocator.DEFAULT,
                (long) params.blockSize() * params.windowSize(), readAheadBudget,
                () -> localFile && fewTransfers.getAsBoolean(), this::resume);
        transfer = new ReadTransfer(params, readAhead, retries);
        if (params.sendOack()) {
            // The OACK needs no file data; the first window is read while it travels.
            started = true;
            apply(transfer.start(now), now);
        } else {
            pendingStart = true;
            resume();
        }
    }

    /** Tells the source, once, that its content starts to go out; on a reader thread, never on this loop. */
    private void delivering() {
        if (delivering) {
            return;
        }
        delivering = true;
        BlockSource content = source;
        reader.execute(() -> {
            try {
                content.delivering();
            } catch (RuntimeException e) {
                LOG.warn("TFTP transfer of {} to {}: its source failed as the transfer began: {}", file, client,
                        e.toString());
            }
        });
    }

    /** Ends a session as failed before its transfer began; runs on any thread. */
    void abandon(String why) {
        end(TransferState.FAILED, why);
    }

    /** Forgets a request that was answered with an error before any transfer began. */
    void dismiss() {
        if (ended.compareAndSet(false, true)) {
            onEnd.accept(this);
        }
    }

    /** Ends the session because the server stops; runs on the event loop. */
    void shutdown() {
        if (ended.get()) {
            return;
        }
        if (channel != null) {
            send(List.of(new ErrorPacket(TftpErrorCode.NOT_DEFINED, "Server shutting down")), true);
        }
        end(TransferState.FAILED, "server stopping");
    }

    Channel channel() {
        return channel;
    }

    /** The console's view; null while the file is being opened. */
    /** The figures at the end, for the ended transfers kept; null if it never began to transfer. */
    TftpSessionInfo finalInfo() {
        return finalInfo;
    }

    /** The bytes sent so far, as last counted. */
    long bytesSent() {
        return bytesSent;
    }

    TransferState finalState() {
        return finalState;
    }

    TftpSessionInfo info(long now) {
        if (!transferring) {
            return null;
        }
        long ageNanos = Math.max(0, now - startNanos);
        long sent = bytesSent;
        double seconds = ageNanos / 1e9;
        double rate = seconds > 0 ? sent / seconds : 0;
        return new TftpSessionInfo(client, file, sent, totalBytes, params.blockSize(), params.windowSize(), rate,
                Duration.ofNanos(ageNanos), retransmits);
    }

    long startNanos() {
        return startNanos;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof DatagramPacket datagram) {
                onDatagram(datagram.content());
            }
        } catch (RuntimeException e) {
            LOG.warn("TFTP transfer of {} to {}: unexpected failure handling a packet", file, client, e);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof PortUnreachableException) {
            // The client's port is closed: it has gone, and retransmitting to it would only wait out the retries.
            end(TransferState.FAILED, "client port closed");
            return;
        }
        LOG.warn("TFTP transfer of {} to {}: socket error {}", file, client, cause.toString());
    }

    private void onDatagram(ByteBuf content) {
        heardFromClient = true;
        if (ended.get() || transfer == null) {
            return;
        }
        TftpPacket packet = decode(content);
        if (packet == null) {
            counters.malformed.increment();
            return;
        }
        long now = System.nanoTime();
        if (packet instanceof ErrorPacket) {
            if (started) {
                apply(transfer.onPacket(packet, now), now);
            } else {
                end(TransferState.ABORTED_BY_CLIENT, "client error before the first block");
            }
        } else if (packet instanceof Ack ack && started) {
            if (params.sendOack()) {
                // The client took the options (a size probe ends with an error instead): data follows.
                delivering();
            }
            if (readAhead.ready()) {
                apply(transfer.onPacket(ack, now), now);
            } else {
                pendingAck = ack;
                resume();
            }
        }
    }

    /** Acts on what waited for the read-ahead; called when a chunk arrives, and at the start. */
    private void resume() {
        if (ended.get()) {
            return;
        }
        // Reads now while few transfers run; otherwise a chunk is on its way and calls back here.
        readAhead.fetch();
        long now = System.nanoTime();
        if (pendingStart && readAhead.ready()) {
            pendingStart = false;
            started = true;
            delivering();
            apply(transfer.start(now), now);
        } else if (pendingAck != null && readAhead.ready()) {
            Ack ack = pendingAck;
            pendingAck = null;
            apply(transfer.onPacket(ack, now), now);
        } else {
            schedule(now);
        }
    }

    private void onTimer() {
        timer = null;
        if (ended.get()) {
            return;
        }
        long now = System.nanoTime();
        if (!heardFromClient && now - startNanos >= UNANSWERED_NANOS) {
            /*
             * Nothing ever came from the address that asked: a client that went away, or a request sent
             * under someone else's address. The slot is given back at once, and nothing more goes to
             * that address, not even an error.
             */
            end(TransferState.FAILED, "no answer from the client within " + UNANSWERED_SECONDS + " s");
            return;
        }
        if (now - lastProgress >= idleNanos) {
            send(List.of(new ErrorPacket(TftpErrorCode.NOT_DEFINED, "Transfer idle too long")), true);
            end(TransferState.FAILED, "no progress for " + TimeUnit.NANOSECONDS.toSeconds(idleNanos) + " s");
            return;
        }
        OptionalLong deadline = retransmitDeadline();
        if (deadline.isPresent() && now - deadline.getAsLong() >= 0) {
            apply(transfer.onTimeout(now), now);
        } else {
            schedule(now);
        }
    }

    /**
     * When the transfer wants to send again, if it may: not before it has started, and not while an ACK
     * waits for the file, since resending the window that ACK acknowledged would only be resent again.
     */
    private OptionalLong retransmitDeadline() {
        return started && pendingAck == null ? transfer.nextDeadline() : OptionalLong.empty();
    }

    private void apply(Outcome outcome, long now) {
        boolean terminal = outcome.state().isTerminal();
        // Counted before sending, so that whoever sees a packet arrive also sees it counted.
        TransferStats stats = transfer.stats();
        if (stats.bytesSent() != countedBytes) {
            counters.bytesSent.add(stats.bytesSent() - countedBytes);
            countedBytes = stats.bytesSent();
            bytesSent = countedBytes;
            lastProgress = now;
        }
        if (stats.retransmits() != countedRetransmits) {
            counters.retransmits.add(stats.retransmits() - countedRetransmits);
            countedRetransmits = stats.retransmits();
            retransmits = countedRetransmits;
        }
        send(outcome.packets(), terminal);
        if (terminal) {
            end(outcome.state(), stats.detail());
        } else {
            readAhead.fetch();
            if (!outcome.packets().isEmpty() && fewTransfers.getAsBoolean() && readAhead.ready()) {
                writer.prepare(transfer.prepareNextWindow());
            }
            schedule(now);
        }
    }

    /** Writes packets in one flush; the last of a session's packets is tracked so the socket closes after it. */
    private void send(List<TftpPacket> packets, boolean last) {
        if (packets.isEmpty()) {
            return;
        }
        ChannelFuture written = writer.write(packets, last);
        if (last) {
            lastWrite = written;
        }
    }

    private void schedule(long now) {
        long due = lastProgress + idleNanos;
        if (!heardFromClient && startNanos + UNANSWERED_NANOS - due < 0) {
            due = startNanos + UNANSWERED_NANOS;
        }
        OptionalLong deadline = retransmitDeadline();
        if (deadline.isPresent() && deadline.getAsLong() - due < 0) {
            due = deadline.getAsLong();
        }
        if (timer != null) {
            if (timerDue - due <= 0) {
                // The armed timer fires first and re-arms for whatever is due then.
                return;
            }
            timer.cancel(false);
        }
        timerDue = due;
        timer = channel.eventLoop().schedule(this::onTimer, Math.max(0, due - now), TimeUnit.NANOSECONDS);
    }

    private void end(TransferState state, String detail) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        finalInfo = info(System.nanoTime());
        finalState = state;
        transferring = false;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        log(state, detail);
        if (readAhead != null) {
            readAhead.close();
        } else if (source != null) {
            closeUnread();
        }
        if (channel != null) {
            if (lastWrite != null && !lastWrite.isDone()) {
                lastWrite.addListener(ChannelFutureListener.CLOSE);
            } else {
                channel.close();
            }
        }
        onEnd.accept(this);
        // Counted once the slot is free, so that a transfer seen as finished is no longer seen as active.
        switch (state) {
            case COMPLETE -> counters.completed.increment();
            case ABORTED_BY_CLIENT -> counters.abortedByClient.increment();
            default -> counters.failed.increment();
        }
    }

    private void closeUnread() {
        BlockSource content = source;
        Runnable close = () -> {
            try {
                content.close();
            } catch (Exception e) {
                LOG.warn("Closing a served TFTP file failed: {}", e.toString());
            }
        };
        try {
            reader.execute(close);
        } catch (RuntimeException e) {
            close.run();
        }
    }

    private void log(TransferState state, String detail) {
        if (state == TransferState.FAILED && detail != null && detail.startsWith("read failed")) {
            LOG.warn("TFTP transfer of {} to {} failed: {}", file, client, detail);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("TFTP transfer of {} to {}: {} after {} bytes{}", file, client, state, bytesSent,
                    detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    /** ACKs take the short path; anything else goes through the codec. Null for a malformed datagram. */
    private static TftpPacket decode(ByteBuf content) {
        int at = content.readerIndex();
        if (content.readableBytes() >= 4 && content.getUnsignedShort(at) == TftpCodec.OP_ACK) {
            return new Ack(content.getUnsignedShort(at + 2));
        }
        byte[] bytes = ByteBufUtil.getBytes(content);
        DecodeResult result = TftpCodec.decode(bytes, 0, bytes.length);
        return result instanceof DecodeResult.Decoded decoded ? decoded.packet() : null;
    }
}
