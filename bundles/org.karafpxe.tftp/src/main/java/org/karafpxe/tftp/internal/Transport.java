package org.karafpxe.tftp.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.channels.spi.SelectorProvider;

/**
 * The socket layer under the TFTP server: Linux's epoll through Netty's native library where it loads
 * (Linux on x86-64), Java's NIO elsewhere. With epoll a window of blocks leaves in one system call
 * ({@code sendmmsg}, or one segmented send: {@link PacketWriter}) instead of one per block; sending is
 * most of the server's CPU time in a boot storm.
 */
enum Transport {
    EPOLL, NIO;

    /** The transport this machine can use. */
    static Transport available() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** Why epoll is not used, for the log; empty when it is. */
    static String whyNotEpoll() {
        Throwable cause = Epoll.unavailabilityCause();
        return cause == null ? "" : String.valueOf(cause.getMessage());
    }

    /** Whether the socket can cut one buffer into datagrams (UDP segmentation offload) for a {@link PacketWriter}. */
    static boolean segments(Channel channel) {
        return channel instanceof EpollDatagramChannel && EpollDatagramChannel.isSegmentedDatagramPacketSupported();
    }

    IoHandlerFactory ioHandlers(SelectStrategyFactory strategies) {
        return this == EPOLL ? EpollIoHandler.newFactory(0, strategies)
                : NioIoHandler.newFactory(SelectorProvider.provider(), strategies);
    }

    /**
     * Where to listen: the IPv6 wildcard (::, every interface, IPv4 and IPv6) where this host has
     * IPv6, else the IPv4 wildcard, so that the default works on hosts without IPv6 as well.
     */
    static InetSocketAddress listenable(InetSocketAddress endpoint) {
        InetAddress address = endpoint.getAddress();
        if (!(address instanceof Inet6Address) || !address.isAnyLocalAddress()) {
            return endpoint;
        }
        try (java.nio.channels.DatagramChannel probe = java.nio.channels.DatagramChannel.open(StandardProtocolFamily.INET6)) {
            return endpoint;
        } catch (IOException | UnsupportedOperationException e) {
            return new InetSocketAddress(IPV4_ANY, endpoint.getPort());
        }
    }

    private static final InetAddress IPV4_ANY = ipv4Any();

    private static InetAddress ipv4Any() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** UDP sockets of the address's family, so that 0.0.0.0 is a plain IPv4 socket everywhere. */
    ChannelFactory<DatagramChannel> datagrams(InetAddress address) {
        SocketProtocolFamily family = address instanceof Inet4Address ? SocketProtocolFamily.INET
                : SocketProtocolFamily.INET6;
        return this == EPOLL ? () -> new EpollDatagramChannel(family) : () -> new NioDatagramChannel(family);
    }
}
