package org.karafpxe.dhcp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.karafpxe.api.Architecture;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.api.ExchangePort;
import org.karafpxe.api.MacAddress;
import org.karafpxe.engine.BootChain;
import org.karafpxe.engine.ChainResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHCPv6 side (port 547), for now only for machines falling through: UEFI firmware that this
 * server has just sent to its disk goes on to its IPv6 boot options (PXE and HTTP boot over IPv6),
 * each of which waits about a minute for a DHCPv6 answer on a segment without one. Such a machine's
 * SOLICIT gets an ADVERTISE with the highest preference that offers a boot URL but no address:
 * EDK2 takes it at once, finds no address offered, and ends the option. Every other SOLICIT goes
 * unanswered, as before: this server does not serve boot programs over IPv6 yet.
 *
 * <p>The machine is known by its MAC, read from its link-local source address (EUI-64, as EDK2
 * forms it) or from a DUID that carries it (DUID-LL, DUID-LLT).
 */
@ChannelHandler.Sharable
final class Dhcp6Responder extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger LOG = LoggerFactory.getLogger(Dhcp6Responder.class);
    static final int CLIENT_PORT = 546;
    /** All DHCPv6 relay agents and servers on the link (RFC 8415). */
    static final String ALL_SERVERS = "ff02::1:2";

    private final BootChain chain;
    private final DhcpCounters counters;
    private final AnswerBudget budget;
    private final byte[] serverDuid;
    /** By interface index: as many entries as the host has interfaces that receive DHCPv6. */
    private final Map<Integer, LinkLocal> linkLocals = new ConcurrentHashMap<>();

    Dhcp6Responder(BootChain chain, DhcpCounters counters, AnswerBudget budget) {
        this.chain = chain;
        this.counters = counters;
        this.budget = budget;
        this.serverDuid = duidUuid(UUID.randomUUID());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        counters.count(DhcpCounters.V6_RECEIVED);
        ByteBuf content = packet.content();
        int length = content.readableBytes();
        if (length > Dhcp6Message.MAX_LENGTH) {
            counters.count(DhcpCounters.V6_DROPPED);
            return;
        }
        byte[] bytes = new byte[length];
        content.getBytes(content.readerIndex(), bytes);
        Optional<Dhcp6Message> decoded = Dhcp6Message.decode(bytes, 0, length);
        InetSocketAddress sender = packet.sender();
        if (decoded.isEmpty() || !(sender.getAddress() instanceof Inet6Address source)) {
            counters.count(DhcpCounters.V6_DROPPED);
            return;
        }
        if (!source.isLinkLocalAddress()) {
            // DHCPv6 clients speak from their link-local address; anything else is not answered.
            counters.count(DhcpCounters.V6_IGNORED);
            return;
        }
        Dhcp6Message solicit = decoded.get();
        Optional<String> vendorClass = solicit.vendorClass();
        Optional<byte[]> clientId = solicit.clientId();
        if (solicit.type() != Dhcp6Message.SOLICIT || vendorClass.isEmpty() || clientId.isEmpty()
                || !(vendorClass.get().startsWith("PXEClient") || vendorClass.get().startsWith("HTTPClient"))) {
            counters.count(DhcpCounters.V6_IGNORED);
            return;
        }
        Optional<MacAddress> mac = mac(source, clientId.get());
        Optional<InetAddress> local = localAddress(source);
        if (mac.isEmpty() || local.isEmpty()) {
            counters.count(DhcpCounters.V6_IGNORED);
            return;
        }
        BootRequest request = BootRequest.builder(mac.get(), local.get())
                .architecture(solicit.architecture().map(Architecture::of).orElse(Architecture.UNKNOWN))
                .vendorClass(vendorClass.get()).port(ExchangePort.PROXY_DHCP).build();
        chain.decide(request).thenAccept(result -> answer(ctx, solicit, clientId.get(), sender, vendorClass.get(),
                mac.get(), result));
    }

    private void answer(ChannelHandlerContext ctx, Dhcp6Message solicit, byte[] clientId, InetSocketAddress client,
            String vendorClass, MacAddress mac, ChainResult result) {
        if (!(result.decision() instanceof Decision.Service service)
                || !result.decidedBy().equals(ChainResult.FALL_THROUGH)) {
            // Booting over IPv6 is not served yet: the firmware's option waits as it would without us.
            counters.count(DhcpCounters.V6_IGNORED);
            return;
        }
        // As on IPv4: a flood of requests under one MAC does not become a flood of answers.
        if (!budget.take(mac, System.nanoTime())) {
            counters.count(DhcpCounters.IGNORED_ANSWER_BUDGET);
            return;
        }
        boolean http = vendorClass.startsWith("HTTPClient");
        List<Dhcp6Message.Option> options = new ArrayList<>();
        options.add(new Dhcp6Message.Option(Dhcp6Message.CLIENT_ID, clientId));
        options.add(new Dhcp6Message.Option(Dhcp6Message.SERVER_ID, serverDuid));
        // The highest preference makes the client take this answer at once (RFC 8415 18.2.9).
        options.add(new Dhcp6Message.Option(Dhcp6Message.PREFERENCE, new byte[] {(byte) 255}));
        options.add(new Dhcp6Message.Option(Dhcp6Message.VENDOR_CLASS, Dhcp6Message.vendorClassValue(
                Dhcp6Message.ENTERPRISE_INTEL, http ? "HTTPClient" : "PXEClient")));
        String url = http ? service.answer().bootFile()
                : service.answer().bootFile().replaceFirst("^http://([^/]*):\\d+/", "tftp://$1/");
        options.add(new Dhcp6Message.Option(Dhcp6Message.BOOTFILE_URL, url.getBytes(StandardCharsets.US_ASCII)));
        byte[] advertise = new Dhcp6Message(Dhcp6Message.ADVERTISE, solicit.xid(), options).encode();
        InetSocketAddress to = new InetSocketAddress(client.getAddress(), CLIENT_PORT);
        ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(advertise), to)).addListener(f -> {
            if (f.isSuccess()) {
                counters.count(DhcpCounters.V6_ADVERTISED);
            } else {
                counters.count(DhcpCounters.FAILED_SEND);
                LOG.debug("Cannot answer {} over DHCPv6: {}", to, f.cause().toString());
            }
        });
    }

    /** The client's MAC: from an EUI-64 link-local address, else from a DUID that carries it. */
    static Optional<MacAddress> mac(Inet6Address source, byte[] duid) {
        byte[] a = source.getAddress();
        if (source.isLinkLocalAddress() && (a[11] & 0xff) == 0xff && (a[12] & 0xff) == 0xfe) {
            return Optional.of(MacAddress.of(new byte[] {(byte) (a[8] ^ 0x02), a[9], a[10], a[13], a[14], a[15]}));
        }
        int type = (duid[0] & 0xff) << 8 | (duid[1] & 0xff);
        int hardwareType = duid.length >= 4 ? (duid[2] & 0xff) << 8 | (duid[3] & 0xff) : -1;
        // DUID-LLT: type, hardware type, 4 bytes of time, the address; DUID-LL: type, hardware type, the address.
        int at = type == 1 ? 8 : type == 3 ? 4 : -1;
        if (at > 0 && hardwareType == 1 && duid.length == at + 6) {
            byte[] mac = new byte[6];
            System.arraycopy(duid, at, mac, 0, 6);
            return Optional.of(MacAddress.of(mac));
        }
        return Optional.empty();
    }

    /**
     * This server's link-local address on the interface the client is on, looked up once a minute
     * per interface rather than for every SOLICIT (the lookup lists the interface's addresses).
     */
    private Optional<InetAddress> localAddress(Inet6Address source) {
        int scope = source.getScopeId();
        if (scope <= 0) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        LinkLocal known = linkLocals.get(scope);
        if (known == null || now - known.at() > TimeUnit.MINUTES.toNanos(1)) {
            known = new LinkLocal(linkLocalOf(scope), now);
            linkLocals.put(scope, known);
        }
        return known.address();
    }

    private record LinkLocal(Optional<InetAddress> address, long at) {
    }

    private static Optional<InetAddress> linkLocalOf(int scope) {
        try {
            NetworkInterface nif = NetworkInterface.getByIndex(scope);
            if (nif == null) {
                return Optional.empty();
            }
            for (Enumeration<InetAddress> e = nif.getInetAddresses(); e.hasMoreElements(); ) {
                InetAddress a = e.nextElement();
                if (a instanceof Inet6Address && a.isLinkLocalAddress()) {
                    return Optional.of(a);
                }
            }
        } catch (SocketException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** A DUID-UUID (RFC 6355): type 4 and the UUID. */
    static byte[] duidUuid(UUID uuid) {
        ByteBuffer b = ByteBuffer.allocate(18);
        b.putShort((short) 4).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return b.array();
    }
}
