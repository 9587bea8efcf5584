package org.karafpxe.tftp.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.karafpxe.api.BootFileName;
import org.karafpxe.api.BootFileSource;
import org.karafpxe.support.PortBindings;
import org.karafpxe.support.RecentRing;
import org.karafpxe.tftp.BlockSource;
import org.karafpxe.tftp.ErrorPacket;
import org.karafpxe.tftp.ReadRequest;
import org.karafpxe.tftp.TftpCodec;
import org.karafpxe.tftp.TftpErrorCode;
import org.karafpxe.tftp.TftpSessionInfo;
import org.karafpxe.tftp.TftpService;
import org.karafpxe.tftp.TftpStatistics;
import org.karafpxe.tftp.TftpTransfer;
import org.karafpxe.tftp.TransferMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TFTP server without OSGi: one listening socket, and one socket per transfer (its TID) on the same
 * event loops. Usable from plain tests; the {@code TftpServer} component wraps it.
 *
 * <p>A request travels: listening socket → {@link ListenerHandler} → checks (mode, name, limits) on the
 * event loop, all of them cheap → opening the file on a small pool, because a boot file source may be a
 * database → a new socket connected to the client → {@link TransferSession}. Refusals are answered from
 * the listening socket, which curl, tftp-hpa and atftp all accept as the first reply.
 *
 * <p>{@link #start()} never throws for a port that cannot be bound: it logs one explained error and the
 * statistics say why the server is not listening. A core is started once and stopped once; the component
 * makes a new one when the listening address changes.
 */
public final class TftpServerCore {
    private static final Logger LOG = LoggerFactory.getLogger(TftpServerCore.class);

    private static final int IO_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    /** Opens wait on sources, reads on disks: a few threads each keep a slow one from stalling the rest. */
    private static final int OPEN_THREADS = 4;
    private static final int READ_THREADS = 8;
    private static final int SOCKET_BUFFER = 1 << 20;
    /**
     * Read requests come in bursts (a room of machines given their boot file at once); the kernel caps
     * this at net.core.rmem_max.
     */
    private static final int LISTEN_BUFFER = 4 << 20;
    /** Requests are small; a longer datagram is cut and then fails to decode, which is what it deserves. */
    private static final int LISTEN_DATAGRAM = 4096;
    /** A transfer socket only receives ACKs and ERRORs. */
    private static final int SESSION_DATAGRAM = 1024;
    /** The bytes a transfer sends before the I/O threads poll for its acknowledgements. */
    static final long POLL_AFTER_BYTES = 1 << 20;
    private static final long BIND_WAIT_SECONDS = 10;

    private final Supplier<List<BootFileSource>> sources;
    private final TftpCounters counters;
    private final SessionSlots slots = new SessionSlots();
    private final Set<TransferSession> sessions = ConcurrentHashMap.newKeySet();
    private final RecentRing<TftpTransfer> recent = new RecentRing<>(TftpService.RECENT_KEPT);
    /**
     * Whether no more transfers run than there are I/O threads: each then has a thread to itself, and
     * its round trips, not the server's work, set its pace (see {@link BusyPollStrategy}).
     */
    private final BooleanSupplier fewTransfers = () -> sessions.size() <= IO_THREADS;
    /**
     * Whether busy polling pays for its CPU now: few transfers, one of which has sent
     * {@value #POLL_AFTER_BYTES} bytes already. A boot program of a few hundred kilobytes gains a
     * millisecond or two from it, but machines powering on one after the other (a wave of 200 a second
     * keeps one or two transfers running all the time) would keep a CPU polling between them; a large
     * file (an image, a boot.wim) gains most of its speed.
     */
    private final BooleanSupplier pollWorthIt = () -> fewTransfers.getAsBoolean() && longTransferRunning();
    private final Map<InetSocketAddress, TransferSession> latestByClient = new ConcurrentHashMap<>();
    /**
     * Read requests that found every session slot taken, oldest first, by the client's port: up to
     * sessions.waiting of them wait for a slot rather than being refused, as firmware in a boot storm
     * would rather be late than fail. Touched on the listening socket's event loop only.
     */
    private final LinkedHashMap<InetSocketAddress, Waiting> waiting = new LinkedHashMap<>();

    /**
     * A request that waits for a slot.
     *
     * @param sinceNanos when it first asked: its place in the queue
     * @param askedNanos when it last asked: a client that stopped asking has given up
     */
    private record Waiting(ReadRequest request, String path, long sinceNanos, long askedNanos) {
    }

    /**
     * How long a waiting request is kept after the client last asked: PXE firmware repeats its
     * request every few seconds and iPXE backs off to about ten, so a client that has not asked for
     * this long has given up, or never existed (a request under another machine's address).
     */
    static final long WAIT_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(15);
    private final InetSocketAddress endpoint;
    private final boolean enabled;
    private final Transport transport = Transport.available();
    private volatile TftpSettings settings;

    private EventLoopGroup group;
    /**
     * The listening socket's own thread: while the transfers keep the other event loops busy, requests
     * are still read as they come, rather than piling up in the socket until the kernel drops them.
     */
    private EventLoopGroup listenerGroup;
    private ThreadPoolExecutor opener;
    private ThreadPoolExecutor readers;
    /** Read-ahead memory shared by all transfers, so that a boot storm does not multiply it. */
    private final ReadAhead.Budget readAheadBudget = new ReadAhead.Budget(ReadAhead.Budget.DEFAULT_BYTES);
    private Bootstrap sessionBootstrap;
    private volatile Channel listener;
    private volatile InetSocketAddress boundAddress;
    private volatile String bindError = "";
    private volatile boolean stopped;
    private boolean started;

    /**
     * @param sources the boot file sources, highest ranking first; asked for a fresh snapshot per request
     */
    public TftpServerCore(TftpSettings settings, Supplier<List<BootFileSource>> sources) {
        this(settings, sources, new TftpCounters());
    }

    public TftpServerCore(TftpSettings settings, Supplier<List<BootFileSource>> sources, TftpCounters counters) {
        this.settings = settings;
        this.sources = sources;
        this.counters = counters;
        this.endpoint = Transport.listenable(settings.endpoint());
        this.enabled = settings.enabled();
    }

    /** Whether the I/O threads poll after their last packet now; for tests. */
    boolean busyPollWorthIt() {
        return pollWorthIt.getAsBoolean();
    }

    private boolean longTransferRunning() {
        for (TransferSession s : sessions) {
            if (s.bytesSent() >= POLL_AFTER_BYTES) {
                return true;
            }
        }
        return false;
    }

    /** Binds the listening socket; on failure logs why and stays inactive. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("a TFTP server core starts once");
        }
        started = true;
        if (!enabled) {
            LOG.info("TFTP server disabled (enabled = false in etc/{}.cfg)", TftpSettings.PID);
            return;
        }
        group = new MultiThreadIoEventLoopGroup(IO_THREADS, new DefaultThreadFactory("karafpxe-tftp-io", true),
                transport.ioHandlers(BusyPollStrategy.factory(() -> settings.busyPoll().toNanos(),
                        pollWorthIt)));
        listenerGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("karafpxe-tftp-listen", true),
                transport.ioHandlers(DefaultSelectStrategyFactory.INSTANCE));
        opener = pool("karafpxe-tftp-open", OPEN_THREADS);
        readers = pool("karafpxe-tftp-read", READ_THREADS);
        ChannelFactory<DatagramChannel> channels = transport.datagrams(endpoint.getAddress());
        sessionBootstrap = new Bootstrap().group(group).channelFactory(channels)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(SESSION_DATAGRAM));
        Bootstrap listen = new Bootstrap().group(listenerGroup).channelFactory(channels)
                .option(ChannelOption.SO_RCVBUF, LISTEN_BUFFER)
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(LISTEN_DATAGRAM))
                .handler(new ListenerHandler(this));
        ChannelFuture bound = listen.bind(endpoint);
        boolean done = bound.awaitUninterruptibly(BIND_WAIT_SECONDS, TimeUnit.SECONDS);
        if (!done || !bound.isSuccess()) {
            Throwable cause = done ? bound.cause()
                    : new TimeoutException("bind did not finish in " + BIND_WAIT_SECONDS + " s");
            bindError = PortBindings.explain("TFTP", endpoint, cause, TftpSettings.PID);
            LOG.error(bindError);
            bound.channel().close();
            releaseThreads();
            group = null;
            return;
        }
        listener = bound.channel();
        boundAddress = (InetSocketAddress) listener.localAddress();
        listener.closeFuture().addListener(f -> {
            if (!stopped) {
                LOG.error("TFTP listening socket on {} closed unexpectedly; restart the bundle to listen again",
                        boundAddress);
            }
        });
        LOG.info("TFTP server listening on UDP {}:{} ({})", boundAddress.getAddress().getHostAddress(),
                boundAddress.getPort(), transport == Transport.EPOLL ? "native epoll"
                        : "Java NIO; native epoll unavailable: " + Transport.whyNotEpoll());
    }

    /** Ends every transfer, closes every socket and stops every thread this core started. */
    public synchronized void stop() {
        if (!started || stopped) {
            stopped = true;
            return;
        }
        stopped = true;
        if (group == null) {
            return;
        }
        Channel listening = listener;
        if (listening != null) {
            listening.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        opener.shutdownNow();
        awaitQuietly(opener);
        List<ChannelFuture> closing = new ArrayList<>();
        for (TransferSession session : sessions) {
            Channel channel = session.channel();
            if (channel == null) {
                session.abandon("server stopping");
                continue;
            }
            try {
                channel.eventLoop().execute(session::shutdown);
                closing.add(channel.closeFuture());
            } catch (RejectedExecutionException e) {
                session.abandon("server stopping");
            }
        }
        // Each transfer tells its client and closes its socket before the event loops stop, as stopping
        // closes every socket still open, goodbye or not.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (ChannelFuture closed : closing) {
            closed.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        releaseThreads();
        sessions.clear();
        latestByClient.clear();
        InetSocketAddress where = boundAddress != null ? boundAddress : endpoint;
        LOG.info("TFTP server on UDP {}:{} stopped", where.getAddress().getHostAddress(), where.getPort());
    }

    /** Applies settings that do not move the listening socket; they take effect for new requests. */
    public void update(TftpSettings next) {
        if (!next.sameListener(settings)) {
            throw new IllegalArgumentException("a new address, port or enabled flag needs a new core");
        }
        settings = next;
    }

    /** Whether {@link #start()} could not bind the listening socket. */
    public boolean bindFailed() {
        return !bindError.isEmpty();
    }

    /** The event loops of the transfers, which the listening socket does not share; null before start. */
    EventLoopGroup transferLoops() {
        return group;
    }

    /** Where the server listens, once bound (the actual port when 0 was configured). */
    public Optional<InetSocketAddress> localAddress() {
        return Optional.ofNullable(listener == null ? null : boundAddress);
    }

    public List<TftpTransfer> recentTransfers(int limit) {
        return recent.newest(limit);
    }

    public List<TftpSessionInfo> sessions() {
        long now = System.nanoTime();
        List<TransferSession> oldestFirst = new ArrayList<>(sessions);
        oldestFirst.sort(Comparator.comparingLong(TransferSession::startNanos));
        List<TftpSessionInfo> infos = new ArrayList<>();
        for (TransferSession session : oldestFirst) {
            TftpSessionInfo info = session.info(now);
            if (info != null) {
                infos.add(info);
            }
        }
        return List.copyOf(infos);
    }

    public TftpStatistics statistics() {
        Channel listening = listener;
        boolean up = listening != null && listening.isActive() && !stopped;
        InetSocketAddress address = boundAddress != null ? boundAddress : endpoint;
        return new TftpStatistics(counters.requests.sum(), counters.completed.sum(), counters.abortedByClient.sum(),
                counters.failed.sum(), counters.refusedNotFound.sum(), counters.refusedAccess.sum(),
                counters.refusedWrite.sum(), counters.refusedLimit.sum(), counters.refusedMode.sum(),
                counters.malformed.sum(), counters.bytesSent.sum(), counters.retransmits.sum(), slots.total(),
                enabled, up, address, bindError);
    }

    // ------------------------------------------------------------------ requests, on the listening event loop

    void onWriteRequest(InetSocketAddress client) {
        counters.requests.increment();
        counters.refusedWrite.increment();
        reply(client, TftpErrorCode.ACCESS_VIOLATION, "read-only server");
    }

    void dropped(InetSocketAddress sender, String why) {
        counters.malformed.increment();
        LOG.debug("TFTP: dropped a datagram from {}: {}", sender, why);
    }

    void onReadRequest(ReadRequest request, InetSocketAddress client) {
        counters.requests.increment();
        if (isRepeat(latestByClient.get(client), request)) {
            // The client repeated its request before our first answer reached it; the session answers.
            LOG.debug("TFTP: repeated request from {} for {}", client, BootFileName.printable(request.filename()));
            return;
        }
        if (request.mode() != TransferMode.OCTET && request.mode() != TransferMode.NETASCII) {
            counters.refusedMode.increment();
            reply(client, TftpErrorCode.ILLEGAL_OPERATION, "Only octet and netascii transfers are served");
            return;
        }
        BootFileName name = TftpPathResolver.check(request.filename(), TftpPathResolver.DEFAULT_MAX_NAME_LENGTH);
        if (name instanceof BootFileName.Refused refused) {
            refuse(client, TftpPathResolver.code(refused), refused.message());
            LOG.debug("TFTP: refused '{}' from {}: {}", BootFileName.printable(request.filename()), client,
                    refused.message());
            return;
        }
        String path = ((BootFileName.Valid) name).path();
        // Only the options negotiation reads are kept, in the session or the queue.
        request = OptionNegotiator.known(request);
        long now = System.nanoTime();
        Waiting queued = waiting.get(client);
        if (queued != null) {
            // Asked again while waiting: keep its place in the queue.
            waiting.put(client, new Waiting(request, path, queued.sinceNanos(), now));
            return;
        }
        TftpSettings current = settings;
        if (waiting.size() >= current.maxWaiting()) {
            dropGivenUp(now);
        }
        boolean mayWait = waiting.size() < current.maxWaiting();
        if (mayWait && !waiting.isEmpty()) {
            // Others were here first.
            enqueue(client, request, path);
            return;
        }
        admit(client, request, path, current, mayWait);
    }

    /** Starts a session if a slot is free; else queues the request when it may wait, or refuses it. */
    private void admit(InetSocketAddress client, ReadRequest request, String path, TftpSettings current,
                       boolean mayWait) {
        SessionSlots.Verdict verdict = slots.acquire(client.getAddress(), current.maxSessions(),
                current.maxSessionsPerClient());
        if (verdict == SessionSlots.Verdict.SERVER_FULL && mayWait) {
            enqueue(client, request, path);
            return;
        }
        if (verdict != SessionSlots.Verdict.GRANTED) {
            counters.refusedLimit.increment();
            String message = verdict == SessionSlots.Verdict.SERVER_FULL
                    ? "Too many TFTP sessions (sessions.max = " + current.maxSessions() + ")"
                    : "Too many TFTP sessions from this client (sessions.per.client = "
                            + current.maxSessionsPerClient() + ")";
            reply(client, TftpErrorCode.NOT_DEFINED, message);
            LOG.debug("TFTP: refused '{}' from {}: {}", path, client, message);
            return;
        }
        TransferSession session = new TransferSession(client, request, path, current, counters, readers,
                readAheadBudget, fewTransfers, this::ended);
        sessions.add(session);
        latestByClient.put(client, session);
        try {
            opener.execute(() -> open(session, path, current));
        } catch (RejectedExecutionException e) {
            counters.refusedLimit.increment();
            reply(client, TftpErrorCode.NOT_DEFINED, "Server busy");
            session.dismiss();
        }
    }

    private void enqueue(InetSocketAddress client, ReadRequest request, String path) {
        long now = System.nanoTime();
        waiting.put(client, new Waiting(request, path, now, now));
        LOG.debug("TFTP: '{}' from {} waits for a free session ({} waiting)", path, client, waiting.size());
    }

    /**
     * Starts waiting requests while slots are free, oldest first; drops those older than the idle
     * timeout, whose clients have given up or asked again. Runs on the listening socket's event loop.
     */
    private void admitWaiting() {
        TftpSettings current = settings;
        long now = System.nanoTime();
        Iterator<Map.Entry<InetSocketAddress, Waiting>> entries = waiting.entrySet().iterator();
        // Only this event loop takes slots, so a free slot seen here is still free in admit().
        while (entries.hasNext() && !stopped && slots.total() < current.maxSessions()) {
            Map.Entry<InetSocketAddress, Waiting> entry = entries.next();
            entries.remove();
            Waiting next = entry.getValue();
            boolean stillAsking = now - next.askedNanos() <= WAIT_PATIENCE_NANOS
                    && now - next.sinceNanos() <= current.idleTimeout().toNanos();
            if (stillAsking) {
                admit(entry.getKey(), next.request(), next.path(), current, false);
            } else {
                counters.refusedLimit.increment();
            }
        }
    }

    /** Drops the waiting requests whose clients stopped asking, so that the queue has room for live ones. */
    private void dropGivenUp(long now) {
        waiting.values().removeIf(w -> {
            boolean gone = now - w.askedNanos() > WAIT_PATIENCE_NANOS;
            if (gone) {
                counters.refusedLimit.increment();
            }
            return gone;
        });
    }

    /**
     * A repeat is the same request from the same port to a session the client has not answered yet. One
     * race is left: a one-block file fetched again from the same port may be taken for a repeat when its
     * final ACK has not been read yet; the client then repeats the request after its timeout and is served.
     */
    private static boolean isRepeat(TransferSession existing, ReadRequest request) {
        return existing != null && !existing.ended() && !existing.heardFromClient()
                && existing.request().equals(request);
    }

    // ------------------------------------------------------------------ opening, on the opener pool

    private void open(TransferSession session, String path, TftpSettings current) {
        try {
            openAndBegin(session, path, current);
        } catch (RuntimeException e) {
            // Whatever went wrong, the session must give its slot back and the client must hear of it.
            LOG.warn("TFTP: serving {} to {} failed", path, session.client(), e);
            reply(session.client(), TftpErrorCode.NOT_DEFINED, "Server error");
            session.abandon("server error: " + e);
        }
    }

    private void openAndBegin(TransferSession session, String path, TftpSettings current) {
        InetSocketAddress client = session.client();
        if (stopped) {
            session.dismiss();
            return;
        }
        OpenResult result = SourceOpener.open(sources.get(), path, client);
        if (result instanceof OpenResult.Opened opened) {
            LOG.debug("TFTP: serving {} to {} from {}", path, client, opened.source());
            begin(session, opened, current);
            return;
        }
        if (result instanceof OpenResult.Refused refused) {
            refuse(client, TftpErrorCode.ACCESS_VIOLATION, refused.message());
        } else if (result instanceof OpenResult.Failed) {
            counters.failed.increment();
            reply(client, TftpErrorCode.NOT_DEFINED, "File could not be opened");
        } else {
            refuse(client, TftpErrorCode.FILE_NOT_FOUND, "File not found");
        }
        session.dismiss();
    }

    private void begin(TransferSession session, OpenResult.Opened opened, TftpSettings current) {
        ReadRequest request = session.request();
        BlockSource content = new BootFileBlockSource(opened.file());
        if (request.mode() == TransferMode.NETASCII) {
            content = new NetasciiBlockSource(content);
        }
        // curl rejects an OACK with tsize 0 as illegal and gives up, so an empty file does not announce its size.
        long announcedSize = content.size() == 0 ? -1 : content.size();
        session.prepare(content, current.negotiator().negotiate(request.options(), announcedSize), opened.localFile());
        if (stopped) {
            session.abandon("server stopping");
            return;
        }
        ChannelFuture connected;
        try {
            connected = sessionBootstrap.clone().handler(session)
                    .connect(session.client(), new InetSocketAddress(endpoint.getAddress(), 0));
        } catch (RuntimeException e) {
            session.abandon("no socket: " + e);
            return;
        }
        connected.addListener(f -> {
            if (f.isSuccess()) {
                session.begin(connected.channel());
            } else {
                LOG.warn("TFTP: no socket for a transfer to {}: {}", session.client(), f.cause().toString());
                reply(session.client(), TftpErrorCode.NOT_DEFINED, "Server error");
                session.abandon("no socket");
            }
        });
    }

    // ------------------------------------------------------------------ helpers

    private void ended(TransferSession session) {
        sessions.remove(session);
        TftpSessionInfo last = session.finalInfo();
        if (last != null) {
            recent.add(new TftpTransfer(Instant.now(), last, switch (session.finalState()) {
                case COMPLETE -> "complete";
                case ABORTED_BY_CLIENT -> "aborted";
                default -> "failed";
            }));
        }
        latestByClient.remove(session.client(), session);
        slots.release(session.client().getAddress());
        // The queue is the listening event loop's own: it looks there whether anyone waits.
        Channel listening = listener;
        if (listening != null) {
            try {
                listening.eventLoop().execute(this::admitWaiting);
            } catch (RejectedExecutionException e) {
                // Stopping: nothing waits any more.
            }
        }
    }

    private void refuse(InetSocketAddress client, TftpErrorCode code, String message) {
        if (code == TftpErrorCode.FILE_NOT_FOUND) {
            counters.refusedNotFound.increment();
        } else {
            counters.refusedAccess.increment();
        }
        reply(client, code, message);
    }

    private void reply(InetSocketAddress client, TftpErrorCode code, String message) {
        Channel channel = listener;
        if (channel == null || !channel.isActive()) {
            return;
        }
        byte[] packet = TftpCodec.encode(new ErrorPacket(code, message));
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(packet), client), channel.voidPromise());
    }

    private void releaseThreads() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        listenerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        opener.shutdownNow();
        awaitQuietly(opener);
        // Queued closes still run: every file opened gets closed.
        readers.shutdown();
        awaitQuietly(readers);
        readers.shutdownNow();
    }

    private static void awaitQuietly(ThreadPoolExecutor pool) {
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadPoolExecutor pool(String name, int threads) {
        // Every queued task holds a session slot, so the queue is bounded by sessions.max in practice.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(65536), new DefaultThreadFactory(name, true));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
