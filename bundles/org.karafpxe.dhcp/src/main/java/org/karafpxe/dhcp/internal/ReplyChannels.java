package org.karafpxe.dhcp.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the socket an answer leaves from.
 *
 * <p>A broadcast to 255.255.255.255 from a socket bound to 0.0.0.0 goes out of whatever interface
 * the routing table picks, and fails outright ("Network is unreachable") on a host without a
 * default route. Linux sends a limited broadcast out of the interface that owns the socket's
 * source address, so broadcasts leave from a second socket bound to the announced server address
 * and the listener's port (SO_REUSEADDR lets it sit beside the wildcard listener). Unicast
 * datagrams that arrive on that socket are handled like any other, by the same handler.
 */
final class ReplyChannels {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyChannels.class);

    private final EventLoopGroup group;
    private final ChannelHandler handler;
    private final Map<Inet4Address, ChannelFuture> byAddress = new ConcurrentHashMap<>();
    private volatile boolean closed;

    ReplyChannels(EventLoopGroup group, ChannelHandler handler) {
        this.group = group;
        this.handler = handler;
    }

    /**
     * Linux's epoll through Netty's native library where it loads (fewer system calls), else Java's NIO.
     * The TFTP bundle chooses the same way for its own sockets; bundles share no internal package.
     */
    static final boolean EPOLL = Epoll.isAvailable();

    static IoHandlerFactory ioHandlers() {
        return EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    private static DatagramChannel datagramChannel() {
        return EPOLL ? new EpollDatagramChannel(SocketProtocolFamily.INET)
                : new NioDatagramChannel(SocketProtocolFamily.INET);
    }

    /** A socket for DHCPv6 (port 547): IPv6, multicast. */
    static Bootstrap bootstrap6(EventLoopGroup group, ChannelHandler handler) {
        return new Bootstrap().group(group)
                .channelFactory(() -> EPOLL ? new EpollDatagramChannel(SocketProtocolFamily.INET6)
                        : new NioDatagramChannel(SocketProtocolFamily.INET6))
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(handler);
    }

    static Bootstrap bootstrap(EventLoopGroup group, ChannelHandler handler) {
        return new Bootstrap().group(group)
                .channelFactory(ReplyChannels::datagramChannel)
                .option(ChannelOption.SO_BROADCAST, true)
                .option(ChannelOption.SO_REUSEADDR, true)
                // A boot storm arrives in bursts; the kernel caps this at net.core.rmem_max.
                .option(ChannelOption.SO_RCVBUF, 4 << 20)
                .handler(handler);
    }

    /**
     * Broadcasts an answer out of the interface of the given server address. Never blocks: the
     * interface socket is bound on first use and the answer waits for the bind, if need be.
     */
    void broadcast(Channel listener, Inet4Address serverAddress, DatagramPacket datagram,
            ChannelFutureListener onSent) {
        InetSocketAddress local = (InetSocketAddress) listener.localAddress();
        if (closed || local == null || !local.getAddress().isAnyLocalAddress()) {
            // Bound to one address already: the kernel picks that address's interface.
            listener.writeAndFlush(datagram).addListener(onSent);
            return;
        }
        ChannelFuture bound = byAddress.computeIfAbsent(serverAddress, a -> bind(a, local.getPort()));
        bound.addListener(done -> {
            Channel out = done.isSuccess() && bound.channel().isActive() ? bound.channel() : listener;
            out.writeAndFlush(datagram).addListener(onSent);
        });
    }

    private ChannelFuture bind(Inet4Address address, int port) {
        ChannelFuture future = bootstrap(group, handler).bind(new InetSocketAddress(address, port));
        future.addListener(done -> {
            if (!done.isSuccess()) {
                LOG.warn("Cannot bind {}:{} to broadcast answers out of that interface ({}); broadcasting from "
                        + "the wildcard socket instead", address.getHostAddress(), port, done.cause().toString());
            }
        });
        return future;
    }

    synchronized void close() {
        closed = true;
        byAddress.values().forEach(f -> f.channel().close().awaitUninterruptibly());
        byAddress.clear();
    }
}
