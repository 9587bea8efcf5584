package org.karafpxe.dhcp.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import org.karafpxe.api.BootAnswer;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.api.ExchangePort;
import org.karafpxe.dhcp.DecodeResult;
import org.karafpxe.dhcp.DhcpCodec;
import org.karafpxe.dhcp.DhcpEncodeException;
import org.karafpxe.dhcp.DhcpMessageType;
import org.karafpxe.dhcp.DhcpPacket;
import org.karafpxe.engine.BootChain;
import org.karafpxe.engine.ChainResult;
import org.karafpxe.support.UrlHosts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener's packets: decode, keep PXE requests, ask the chain, answer. The chain asks here,
 * on the socket thread, only providers that say they decide the request without blocking, and
 * hands the rest to its workers; this handler never waits for it, so a slow provider never stalls
 * the socket. The answer goes out from whichever thread the decision was made on.
 */
@Sharable
final class DhcpRequestHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger LOG = LoggerFactory.getLogger(DhcpRequestHandler.class);

    private final ExchangePort port;
    private final DhcpSettings settings;
    private final BootChain chain;
    private final DhcpCounters counters;
    private final ServerAddressResolver resolver;
    private final RequestLog requestLog;
    private final LocalAddresses local;
    private final AnswerBudget budget;
    private volatile ReplyChannels replyChannels;

    DhcpRequestHandler(ExchangePort port, DhcpSettings settings, BootChain chain, DhcpCounters counters,
            ServerAddressResolver resolver, RequestLog requestLog, LocalAddresses local, AnswerBudget budget) {
        this.port = port;
        this.settings = settings;
        this.chain = chain;
        this.counters = counters;
        this.resolver = resolver;
        this.requestLog = requestLog;
        this.local = local;
        this.budget = budget;
    }

    void replyChannels(ReplyChannels channels) {
        this.replyChannels = channels;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket datagram) {
        counters.count(DhcpCounters.RECEIVED);
        // The decoder copies the datagram out of the socket's (direct) buffer once, and keeps nothing of it.
        DecodeResult result = DhcpCodec.decode(datagram.content().nioBuffer());
        if (result instanceof DecodeResult.Malformed malformed) {
            counters.count(DhcpCounters.dropped(malformed.reason()));
            LOG.debug("Dropped a malformed packet from {}: {}", datagram.sender(), malformed.detail());
            return;
        }
        handle(ctx.channel(), ((DecodeResult.Decoded) result).packet(), datagram.sender());
    }

    private void handle(Channel channel, DhcpPacket packet, InetSocketAddress sender) {
        if (packet.op() != DhcpPacket.BOOTREQUEST) {
            counters.count(DhcpCounters.DROPPED_NOT_REQUEST);
            return;
        }
        String vendorClass = packet.options().vendorClass().orElse("");
        PxeClientKind kind = PxeClientKind.of(vendorClass);
        if (kind == null) {
            counters.count(DhcpCounters.IGNORED_NOT_PXE);
            return;
        }
        DhcpMessageType type = packet.messageType().orElse(DhcpMessageType.UNKNOWN);
        if (!expected(type)) {
            counters.count(DhcpCounters.IGNORED_MESSAGE_TYPE);
            return;
        }
        // hlen 0: no hardware address (hardwareAddress() would copy it to tell).
        if (packet.hlen() == 0) {
            counters.count(DhcpCounters.DROPPED_NO_HARDWARE_ADDRESS);
            return;
        }
        // Checked before the chain is asked: a request whose answer could not go anywhere safe costs nothing.
        InetSocketAddress destination = ReplyAddressing.destination(packet, sender, port, settings, local);
        if (destination == null) {
            counters.count(DhcpCounters.DROPPED_UNSAFE_DESTINATION);
            LOG.debug("Dropped a request from {} (giaddr {}, ciaddr {}): its answer would go to no single other "
                    + "host, or it names a relay without coming from one", sender, packet.giaddr(), packet.ciaddr());
            return;
        }
        Inet4Address server = resolver.resolve(packet.giaddr(), packet.ciaddr(), sender.getAddress());
        BootRequest request = RequestMapper.map(packet, vendorClass, port, server, settings.missingArchitecture());
        chain.decide(request).whenComplete((chainResult, error) -> {
            try {
                if (error != null) {
                    LOG.error("The provider chain failed on a request from {}", request.mac(), error);
                    return;
                }
                answer(channel, packet, destination, request, kind, type, chainResult);
            } catch (RuntimeException e) {
                LOG.error("Could not answer {} from {}", type, request.mac(), e);
            }
        });
    }

    /** Port 67 answers DISCOVER (the REQUEST there is for the DHCP server); 4011 answers REQUEST or INFORM. */
    private boolean expected(DhcpMessageType type) {
        return port == ExchangePort.PROXY_DHCP ? type == DhcpMessageType.DISCOVER
                : type == DhcpMessageType.REQUEST || type == DhcpMessageType.INFORM;
    }

    private void answer(Channel channel, DhcpPacket packet, InetSocketAddress destination, BootRequest request,
            PxeClientKind kind, DhcpMessageType type, ChainResult chainResult) {
        if (!(chainResult.decision() instanceof Decision.Service service)) {
            counters.count(DhcpCounters.IGNORED_BY_CHAIN);
            log(type, request, () -> "no answer: " + chainResult.describe());
            return;
        }
        if (kind == PxeClientKind.HTTP && service.answer().localBoot()) {
            // HTTP boot has no boot menu to decline with: silence lets the firmware move on.
            counters.count(DhcpCounters.IGNORED_BY_CHAIN);
            log(type, request, () -> "no answer: abort (local boot) for an HTTP boot client, by "
                    + chainResult.describe());
            return;
        }
        if (!budget.take(request.mac(), System.nanoTime())) {
            counters.count(DhcpCounters.IGNORED_ANSWER_BUDGET);
            log(type, request, () -> "no answer: more than " + settings.answersPerClient() + " answers to "
                    + "this MAC in " + AnswerBudget.WINDOW_SECONDS + " s");
            return;
        }
        Inet4Address server = (Inet4Address) request.serverAddress();
        BootAnswer answer = kind == PxeClientKind.HTTP ? asUrl(service.answer(), server) : service.answer();
        byte[] reply;
        try {
            reply = DhcpCodec.encode(ReplyBuilder.build(packet, request, kind, answer, server));
        } catch (DhcpEncodeException e) {
            counters.count(DhcpCounters.FAILED_REPLY_TOO_LARGE);
            LOG.error("Cannot answer {}: {} (provider {})", request.mac(), e.getMessage(), chainResult.decidedBy());
            return;
        }
        counters.count(port == ExchangePort.PROXY_DHCP ? DhcpCounters.OFFERS : DhcpCounters.ACKS);
        DatagramPacket datagram = new DatagramPacket(Unpooled.wrappedBuffer(reply), destination);
        ChannelFutureListener onSent = f -> {
            if (!f.isSuccess()) {
                counters.count(DhcpCounters.FAILED_SEND);
                LOG.warn("Could not send the answer for {} to {}: {}", request.mac(), destination, f.cause().toString());
            }
        };
        if (destination.getAddress().equals(settings.broadcastAddress()) && replyChannels != null) {
            replyChannels.broadcast(channel, server, datagram, onSent);
        } else {
            channel.writeAndFlush(datagram).addListener(onSent);
        }
        log(type, request, () -> answer.describe() + " to " + destination + " by " + chainResult.describe());
    }

    /**
     * HTTP boot takes a URL: a boot file path is on this server's HTTP port (or the referral
     * server's), under {@code /boot/}.
     */
    private BootAnswer asUrl(BootAnswer answer, Inet4Address server) {
        if (answer.localBoot() || answer.bootFile().contains("://")) {
            return answer;
        }
        String path = answer.bootFile().startsWith("/") ? answer.bootFile().substring(1) : answer.bootFile();
        String url = "http://" + UrlHosts.of(answer.bootServer().orElse(server)) + ":" + settings.httpPort()
                + "/boot/" + path;
        return new BootAnswer(url, answer.bootServer(), answer.bootServerName(), answer.extraOptions(), false,
                answer.endsInLocalBoot());
    }

    private void log(DhcpMessageType type, BootRequest request, Supplier<String> outcome) {
        requestLog.log(() -> (request.port() == ExchangePort.PROXY_DHCP ? "67 " : "4011 ") + type + " "
                + (request.isIpxe() ? "iPXE" : "firmware") + " mac=" + request.mac()
                + " guid=" + request.guid().map(Object::toString).orElse("-")
                + " arch=" + request.architecture().key() + (request.isHttpClient() ? " http" : "")
                + " secs=" + request.secs() + ": " + outcome.get());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A socket error must not close the listener: log it and keep reading.
        LOG.warn("DHCP listener error: {}", cause.toString());
    }

}
