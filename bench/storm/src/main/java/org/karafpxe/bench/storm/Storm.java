package org.karafpxe.bench.storm;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.karafpxe.dhcp.DecodeResult;
import org.karafpxe.dhcp.DhcpCodec;
import org.karafpxe.dhcp.DhcpPacket;

/**
 * One storm: the shared client-port socket, the simulated clients and their event loops.
 *
 * <p>All clients share one socket on the client port (68), as the server answers there by broadcast
 * or to the sender; answers are handed to their client by transaction id, whose top byte is a
 * per-run salt, bit 23 tells the boot server exchange from the proxy one, and the low 23 bits are
 * the client's index. Each client lives on one event loop, which runs all of its steps and timers;
 * during its TFTP transfer it has a socket of its own, as real clients do (the server tells
 * transfers apart by the client's address and port).
 */
final class Storm {

    /** The size and SHA-256 a client's boot file must have. */
    record Expected(long size, byte[] sha256, String name) {
    }

    private static final int DHCP_SOCKET_BUFFER = 4 << 20;
    private static final boolean EPOLL = Epoll.isAvailable();

    final StormOptions options;
    final Stats stats;
    final Expected expectBios;
    final Expected expectUefi;
    final int salt;

    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final AtomicInteger remaining;
    private final CountDownLatch done = new CountDownLatch(1);
    private EventLoopGroup group;
    /** Reads the client port on a thread of its own, so that the machines' TFTP work never holds up an answer. */
    private EventLoopGroup dhcpGroup;
    private Channel dhcpListen;
    private Channel dhcpSend;
    private volatile PxeClient[] clients;
    private final Map<EventLoop, Bootstrap> tftpBootstraps = new ConcurrentHashMap<>();
    /** Whether the machines' TFTP sockets read a segmented send's datagrams in one call. */
    private final boolean gro;
    private long startNanos;

    Storm(StormOptions options) throws IOException {
        this.options = options;
        int bios = 0;
        for (int i = 0; i < options.clients; i++) {
            if (Identities.isBios(i, options.biosRatio)) {
                bios++;
            }
        }
        this.stats = new Stats(options.clients, bios);
        boolean verify = !options.verify.equals("none");
        this.expectBios = verify && options.expectBios != null ? expected(options.expectBios) : null;
        this.expectUefi = verify && options.expectUefi != null ? expected(options.expectUefi) : null;
        this.salt = 1 + ThreadLocalRandom.current().nextInt(255);
        this.remaining = new AtomicInteger(options.clients);
        this.gro = EPOLL && options.gro;
    }

    private static Expected expected(Path file) throws IOException {
        MessageDigest sha = sha256();
        long size = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
                size += n;
            }
        }
        return new Expected(size, sha.digest(), file.getFileName().toString());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the storm and prints its report; returns the exit status. */
    int run(PrintStream out, PrintStream log) throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(options.threads, new DefaultThreadFactory("storm", true),
                EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        dhcpGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("storm-dhcp", true),
                EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        log.println("[storm] sockets: " + (EPOLL ? "native epoll" : "Java NIO (" + Epoll.unavailabilityCause() + ")")
                + (gro ? "; TFTP reads take a segmented send's datagrams together (UDP_GRO)" : ""));
        try {
            if (!bindDhcp(log)) {
                return 3;
            }
            List<EventLoop> loops = new ArrayList<>();
            group.forEach(e -> loops.add((EventLoop) e));
            clients = new PxeClient[options.clients];
            for (int i = 0; i < clients.length; i++) {
                clients[i] = new PxeClient(this, i, loops.get(i % loops.size()),
                        !Identities.isBios(i, options.biosRatio));
            }
            long pid = options.measurePid;
            boolean peakReset = pid > 0 && ProcessSample.resetPeak(pid);
            ProcessSample before = pid > 0 ? ProcessSample.take(pid) : null;
            double ownCpuBefore = ProcessSample.ownCpuSeconds();
            startNanos = System.nanoTime();
            for (PxeClient c : clients) {
                if (options.rate > 0) {
                    long at = (long) (c.index * 1e9 / options.rate);
                    c.loop.schedule(c::start, at, TimeUnit.NANOSECONDS);
                } else {
                    c.loop.execute(c::start);
                }
            }
            ScheduledFuture<?> progress = options.quiet ? null
                    : group.next().scheduleAtFixedRate(() -> log.printf("[storm] %.1f s: completed %d, failed %d of %d%n",
                            (System.nanoTime() - startNanos) / 1e9, stats.completed.get(), stats.failed.get(),
                            options.clients), 2, 2, TimeUnit.SECONDS);
            double spread = options.rate > 0 ? options.clients / options.rate : 0;
            long limitMs = (long) ((spread + options.deadlineS) * 1000) + 30_000;
            if (!done.await(limitMs, TimeUnit.MILLISECONDS)) {
                log.println("[storm] clients still running " + limitMs + " ms after the start; reporting them as failed");
                for (PxeClient c : clients) {
                    c.loop.execute(() -> c.fail("generator-gave-up"));
                }
                done.await(5, TimeUnit.SECONDS);
            }
            if (progress != null) {
                progress.cancel(false);
            }
            long last = stats.lastEndNanos.get();
            double seconds = last == Long.MIN_VALUE ? Double.NaN : (last - startNanos) / 1e9;
            ProcessSample after = pid > 0 ? ProcessSample.take(pid) : null;
            stats.generatorCpuSeconds = ProcessSample.ownCpuSeconds() - ownCpuBefore;
            if (before != null && after != null) {
                stats.serverCpuSeconds = (after.cpuTicks() - before.cpuTicks()) / (double) options.clkTck;
                stats.serverRssKib = after.rssKib();
                stats.serverPeakRssKib = after.peakRssKib();
                stats.serverPeakIsStorms = peakReset;
            } else if (pid > 0) {
                log.println("[storm] cannot read /proc/" + pid + ": no server measurements");
            }
            out.print(stats.text(options, seconds));
            out.println(stats.json(options, seconds));
            out.flush();
            return 0;
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
            dhcpGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }

    /** UDP sockets: Linux's epoll through Netty's native library where it loads, else Java's NIO. */
    private static DatagramChannel datagramChannel() {
        return EPOLL ? new EpollDatagramChannel(SocketProtocolFamily.INET)
                : new NioDatagramChannel(SocketProtocolFamily.INET);
    }

    private boolean bindDhcp(PrintStream log) throws InterruptedException {
        DhcpHandler handler = new DhcpHandler();
        Bootstrap b = new Bootstrap().group(dhcpGroup)
                .channelFactory(Storm::datagramChannel)
                .option(ChannelOption.SO_BROADCAST, true)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_RCVBUF, DHCP_SOCKET_BUFFER)
                .option(ChannelOption.SO_SNDBUF, DHCP_SOCKET_BUFFER)
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(2048))
                .handler(handler);
        ChannelFuture listen = b.bind(new InetSocketAddress(options.listen, options.clientPort)).await();
        if (!listen.isSuccess()) {
            log.println("[storm] cannot listen on " + options.listen.getHostAddress() + ":" + options.clientPort + ": "
                    + listen.cause());
            return false;
        }
        dhcpListen = listen.channel();
        dhcpSend = dhcpListen;
        if (options.bind != null && !options.bind.isAnyLocalAddress() && options.listen.isAnyLocalAddress()) {
            // A limited broadcast leaves through the interface owning the socket's address; a socket
            // on the wildcard address would need a default route. Unicast answers to this address
            // arrive on this socket, so it reads with the same handler.
            ChannelFuture send = b.bind(new InetSocketAddress(options.bind, options.clientPort)).await();
            if (!send.isSuccess()) {
                log.println("[storm] cannot bind " + options.bind.getHostAddress() + ":" + options.clientPort + ": "
                        + send.cause());
                return false;
            }
            dhcpSend = send.channel();
        }
        return true;
    }

    void sendDhcp(byte[] bytes, InetSocketAddress to) {
        stats.dhcpSent.increment();
        stats.bytesSent.add(bytes.length);
        dhcpSend.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), to), dhcpSend.voidPromise());
    }

    /** Binds a client's own TFTP socket on its event loop. */
    ChannelFuture openTftp(PxeClient client, Inet4Address local) {
        Bootstrap template = tftpBootstraps.computeIfAbsent(client.loop, loop -> {
            int datagram = Math.max(options.biosBlksize, options.uefiBlksize) + 64;
            Bootstrap b = new Bootstrap().group(loop).channelFactory(Storm::datagramChannel);
            if (gro) {
                // A coalesced read holds at most one window; Netty hands its datagrams on one by one.
                b.option(EpollChannelOption.UDP_GRO, true);
                datagram *= Math.max(1, options.uefiWindowsize);
            }
            return b.option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(datagram));
        });
        return template.clone().handler(client)
                .bind(local == null ? new InetSocketAddress(0) : new InetSocketAddress(local, 0));
    }

    /** Whether to drop a received packet, for --loss. */
    boolean lose() {
        if (options.loss > 0 && ThreadLocalRandom.current().nextDouble() < options.loss) {
            stats.dropped.increment();
            return true;
        }
        return false;
    }

    /** Keeps one copy of each boot file name, not one per client. */
    String intern(String name) {
        String known = names.putIfAbsent(name, name);
        return known != null ? known : name;
    }

    void finished(PxeClient client, boolean ok) {
        long now = System.nanoTime();
        stats.lastEndNanos.accumulateAndGet(now, Math::max);
        if (ok) {
            stats.completed.incrementAndGet();
            (client.uefi ? stats.completedUefi : stats.completedBios).incrementAndGet();
        } else {
            stats.failed.incrementAndGet();
        }
        if (remaining.decrementAndGet() == 0) {
            done.countDown();
        }
    }

    /** Reads answers on the client port and hands each to its client's event loop. */
    @Sharable
    private final class DhcpHandler extends SimpleChannelInboundHandler<DatagramPacket> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket datagram) {
            ByteBuf content = datagram.content();
            int length = content.readableBytes();
            stats.dhcpReceived.increment();
            stats.bytesReceived.add(length);
            if (lose()) {
                return;
            }
            int at = content.readerIndex();
            if (length < 240) {
                stats.malformed.increment();
                return;
            }
            int xid = content.getInt(at + 4);
            int index = xid & 0x7FFFFF;
            if (content.getUnsignedByte(at) != DhcpPacket.BOOTREPLY || (xid >>> 24) != salt || clients == null
                    || index >= clients.length) {
                stats.stray.increment();
                return;
            }
            byte[] bytes = new byte[length];
            content.getBytes(at, bytes);
            DecodeResult result = DhcpCodec.decode(bytes);
            if (!(result instanceof DecodeResult.Decoded decoded)) {
                stats.malformed.increment();
                return;
            }
            DhcpPacket packet = decoded.packet();
            if (!Identities.sameMac(packet.chaddr(), options.firstIndex + index)) {
                stats.stray.increment();
                return;
            }
            boolean bootServer = (xid & 0x800000) != 0;
            PxeClient client = clients[index];
            if (client.loop.inEventLoop()) {
                client.onDhcp(packet, bootServer);
            } else {
                client.loop.execute(() -> client.onDhcp(packet, bootServer));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            stats.socketErrors.increment();
        }
    }
}
