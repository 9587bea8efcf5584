package org.karafpxe.dhcp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.ExchangePort;
import org.karafpxe.api.MacAddress;
import org.karafpxe.engine.BootChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHCPv6 listeners: port 547 (SOLICITs, to ff02::1:2) and port 4011 (the PXE firmware's
 * REQUEST for its boot file, to ff02::1:2 as well). What each message gets is
 * {@link Dhcp6Answers}'s; this class reads, asks the chain and sends.
 *
 * <p>Only messages from link-local addresses are answered, as DHCPv6 clients send them (EDK2 asks
 * port 4011 from its link-local address too). An answer goes to the sender only, within the
 * per-MAC answer budget shared with IPv4. The machine is known by its MAC, read from its EUI-64
 * link-local address (EDK2 and iPXE form it so) or from a DUID that carries it.
 */
@ChannelHandler.Sharable
final class Dhcp6Responder extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger LOG = LoggerFactory.getLogger(Dhcp6Responder.class);
    static final int CLIENT_PORT = 546;

    private final ExchangePort port;
    private final BootChain chain;
    private final DhcpCounters counters;
    private final AnswerBudget budget;
    private final Dhcp6Answers answers;
    private final Ipxe6Handoffs handoffs;
    private final RequestLog requestLog;
    /** The address to announce, when the operator set one ({@code v6.server.address}). */
    private final Optional<InetAddress> configured;
    /** By interface index: as many entries as the host has interfaces that receive DHCPv6. */
    private final Map<Integer, ServerAddress> serverAddresses = new ConcurrentHashMap<>();

    Dhcp6Responder(ExchangePort port, BootChain chain, DhcpCounters counters, AnswerBudget budget,
            Dhcp6Answers answers, Ipxe6Handoffs handoffs, RequestLog requestLog, Optional<InetAddress> configured) {
        this.port = port;
        this.chain = chain;
        this.counters = counters;
        this.budget = budget;
        this.answers = answers;
        this.handoffs = handoffs;
        this.requestLog = requestLog;
        this.configured = configured;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        counters.count(DhcpCounters.V6_RECEIVED);
        ByteBuf content = packet.content();
        int length = content.readableBytes();
        if (length > Dhcp6Message.MAX_LENGTH) {
            counters.count(DhcpCounters.V6_DROPPED_MALFORMED);
            return;
        }
        byte[] bytes = new byte[length];
        content.getBytes(content.readerIndex(), bytes);
        Optional<Dhcp6Message> decoded = Dhcp6Message.decode(bytes, 0, length);
        InetSocketAddress sender = packet.sender();
        if (decoded.isEmpty() || !(sender.getAddress() instanceof Inet6Address source)
                || decoded.get().clientId().isEmpty()) {
            counters.count(DhcpCounters.V6_DROPPED_MALFORMED);
            return;
        }
        if (!source.isLinkLocalAddress()) {
            // DHCPv6 clients speak from their link-local address, and UEFI firmware asks port 4011 from
            // it as well; anything else is not answered.
            counters.count(DhcpCounters.V6_DROPPED_NOT_LINK_LOCAL);
            return;
        }
        Dhcp6Message message = decoded.get();
        // A RELEASE or DECLINE names no vendor class: it is known by this server's DUID in it.
        Optional<Dhcp6Message> released = port == ExchangePort.PROXY_DHCP ? answers.releaseReply(message)
                : Optional.empty();
        Optional<Dhcp6Answers.Client> client = released.isPresent() ? Optional.of(Dhcp6Answers.Client.PXE)
                : Dhcp6Answers.Client.of(message);
        if (client.isEmpty()) {
            counters.count(DhcpCounters.V6_IGNORED_NOT_PXE);
            return;
        }
        if (released.isEmpty() && !answers.asks(message, client.get(), port)) {
            counters.count(DhcpCounters.V6_IGNORED_MESSAGE_TYPE);
            return;
        }
        Optional<MacAddress> mac = Dhcp6Answers.mac(source, message.clientId().get());
        Optional<InetAddress> server = serverAddress(source);
        if (mac.isEmpty() || server.isEmpty()) {
            counters.count(DhcpCounters.V6_DROPPED_NO_MAC);
            return;
        }
        BootRequest request = Dhcp6Answers.request(message, client.get(), mac.get(), server.get(), port);
        if (released.isPresent()) {
            // Nothing to decide: the address it gives back was only ever its own, for a moment.
            act(ctx, request, message, sender, new Dhcp6Answers.Outcome.Send(released.get(), DhcpCounters.V6_ACKS),
                    "the lease's end");
            return;
        }
        chain.decide(request).whenComplete((result, error) -> {
            if (error != null) {
                LOG.error("The provider chain failed on a DHCPv6 request from {}", request.mac(), error);
                return;
            }
            Dhcp6Answers.Outcome outcome = answers.answer(message, client.get(), port, server.get(), result);
            act(ctx, request, message, sender, outcome, result.describe());
        });
    }

    private void act(ChannelHandlerContext ctx, BootRequest request, Dhcp6Message message, InetSocketAddress sender,
            Dhcp6Answers.Outcome outcome, String decidedBy) {
        if (outcome instanceof Dhcp6Answers.Outcome.Ignore ignore) {
            counters.count(ignore.counter());
            log(message, request, () -> ignore.why());
            return;
        }
        if (outcome instanceof Dhcp6Answers.Outcome.Handoff handoff) {
            handoffs.put(request.mac(), handoff.script());
            counters.count(DhcpCounters.V6_IPXE_HANDOFFS);
            log(message, request, () -> "not answered (iPXE takes its boot file from the site's DHCPv6 server); "
                    + Ipxe6Handoffs.FOLDER + request.mac().toString().replace(':', '-') + ".ipxe will "
                    + handoff.script().lines().skip(1).findFirst().orElse("") + ", by " + decidedBy);
            return;
        }
        Dhcp6Answers.Outcome.Send send = (Dhcp6Answers.Outcome.Send) outcome;
        // As on IPv4: a flood of requests under one MAC does not become a flood of answers.
        if (!budget.take(request.mac(), System.nanoTime())) {
            counters.count(DhcpCounters.V6_IGNORED_ANSWER_BUDGET);
            log(message, request, () -> "no answer: the MAC's answer budget is spent");
            return;
        }
        InetSocketAddress to = new InetSocketAddress(sender.getAddress(),
                port == ExchangePort.PXE_BOOT_SERVER ? sender.getPort() : CLIENT_PORT);
        ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(send.message().encode()), to)).addListener(f -> {
            if (f.isSuccess()) {
                counters.count(send.counter());
            } else {
                counters.count(DhcpCounters.V6_FAILED_SEND);
                LOG.debug("Cannot answer {} over DHCPv6: {}", to, f.cause().toString());
            }
        });
        log(message, request, () -> describe(send.message()) + " to " + to + " by " + decidedBy);
    }

    private static String describe(Dhcp6Message sent) {
        if (sent.option(Dhcp6Message.STATUS_CODE).isPresent()) {
            return "REPLY (the leased address given back)";
        }
        String kind = sent.type() == Dhcp6Message.REPLY ? "REPLY" : "ADVERTISE";
        String url = sent.option(Dhcp6Message.BOOTFILE_URL)
                .map(u -> " " + new String(u, StandardCharsets.US_ASCII)).orElse(" (proxy, no boot file)");
        String lease = sent.option(Dhcp6Message.IA_NA).filter(ia -> ia.length >= 32).map(ia -> {
            try {
                return " leasing " + InetAddress.getByAddress(Arrays.copyOfRange(ia, 16, 32)).getHostAddress() + " for "
                        + Dhcp6Answers.FALLING_LEASE_SECONDS + " s";
            } catch (UnknownHostException e) {
                return "";
            }
        }).orElse("");
        return kind + url + lease + (sent.option(Dhcp6Message.PREFERENCE).isPresent() ? " (ends the boot option)" : "");
    }

    private void log(Dhcp6Message message, BootRequest request, Supplier<String> outcome) {
        requestLog.log(() -> (port == ExchangePort.PROXY_DHCP ? "547 " : "4011v6 ") + type(message.type()) + " "
                + (request.isIpxe() ? "iPXE" : "firmware") + " mac=" + request.mac()
                + " guid=" + request.guid().map(Object::toString).orElse("-")
                + " arch=" + request.architecture().key() + (request.isHttpClient() ? " http" : "") + ": "
                + outcome.get());
    }

    private static String type(int type) {
        return switch (type) {
            case Dhcp6Message.SOLICIT -> "SOLICIT";
            case Dhcp6Message.REQUEST -> "REQUEST";
            case Dhcp6Message.INFORMATION_REQUEST -> "INFORMATION-REQUEST";
            case Dhcp6Message.RELEASE -> "RELEASE";
            case Dhcp6Message.DECLINE -> "DECLINE";
            default -> "type " + type;
        };
    }

    /**
     * This server's address for the client: {@code v6.server.address} when set, else its global (or
     * unique local) address on the interface the client is on, else its link-local one; looked up once a minute per interface rather than
     * for every message.
     */
    private Optional<InetAddress> serverAddress(Inet6Address source) {
        if (configured.isPresent()) {
            return configured;
        }
        int scope = source.getScopeId();
        if (scope <= 0) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        ServerAddress known = serverAddresses.get(scope);
        if (known == null || now - known.at() > TimeUnit.MINUTES.toNanos(1)) {
            known = new ServerAddress(addressOf(scope), now);
            serverAddresses.put(scope, known);
        }
        return known.address();
    }

    private record ServerAddress(Optional<InetAddress> address, long at) {
    }

    private static Optional<InetAddress> addressOf(int scope) {
        try {
            NetworkInterface nif = NetworkInterface.getByIndex(scope);
            return nif == null ? Optional.empty() : preferred(nif);
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    /**
     * The interface's global (or unique local) IPv6 address, else its link-local one, without a
     * zone. With several, the one the kernel sends from to a host on the first one's prefix: TFTP
     * answers leave from that address, and EDK2 takes TFTP answers only from the address it asked.
     */
    static Optional<InetAddress> preferred(NetworkInterface nif) {
        List<InetAddress> global = new ArrayList<>();
        InetAddress linkLocal = null;
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
            if (a instanceof Inet6Address && !a.isLoopbackAddress() && !a.isMulticastAddress()) {
                if (!a.isLinkLocalAddress()) {
                    global.add(withoutZone(a));
                } else if (linkLocal == null) {
                    linkLocal = withoutZone(a);
                }
            }
        }
        if (global.size() > 1) {
            byte[] probe = global.get(0).getAddress();
            // A host on that prefix that is not this one; connecting sends nothing.
            probe[8] = 0x02;
            Arrays.fill(probe, 9, 15, (byte) 0);
            probe[15] = 0x59;
            try (DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET6)) {
                c.connect(new InetSocketAddress(Inet6Address.getByAddress(null, probe, nif), 9));
                InetAddress source = withoutZone(((InetSocketAddress) c.getLocalAddress()).getAddress());
                if (global.contains(source)) {
                    return Optional.of(source);
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("Cannot tell the kernel's source address on {}: {}", nif.getName(), e.toString());
            }
        }
        return global.isEmpty() ? Optional.ofNullable(linkLocal) : Optional.of(global.get(0));
    }

    private static InetAddress withoutZone(InetAddress a) {
        try {
            return InetAddress.getByAddress(a.getAddress());
        } catch (UnknownHostException e) {
            return a;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("DHCPv6 listener error: {}", cause.toString());
    }
}
