package org.karafpxe.dhcp.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.karafpxe.api.ExchangePort;
import org.karafpxe.support.PortBindings;
import org.karafpxe.dhcp.service.DhcpStatistics;
import org.karafpxe.engine.BootChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners (67 and 4011; for DHCPv6 547 and 4011) on one Netty event loop. Plain Java apart from Netty, so tests
 * drive it over real sockets without a container. A port that cannot be bound is reported and
 * left closed; the other listener still runs.
 */
final class DhcpResponderCore {
    private static final Logger LOG = LoggerFactory.getLogger(DhcpResponderCore.class);
    static final String CONFIG_PID = "org.karafpxe.dhcp";

    private final DhcpSettings settings;
    private final BootChain chain;
    private final DhcpCounters counters;
    private final List<DhcpStatistics.Listener> listeners = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();
    private final List<ReplyChannels> replyChannels = new ArrayList<>();
    private final RequestLog requestLog;
    /** This server's DHCPv6 identity, kept across restarts of the listeners. */
    private final byte[] serverDuid;
    private final Ipxe6Handoffs handoffs;
    private EventLoopGroup group;

    DhcpResponderCore(DhcpSettings settings, BootChain chain, DhcpCounters counters, byte[] serverDuid,
            Ipxe6Handoffs handoffs) {
        this.settings = settings;
        this.chain = chain;
        this.counters = counters;
        this.serverDuid = serverDuid.clone();
        this.handoffs = handoffs;
        this.requestLog = new RequestLog(settings.requestsLogPerSecond());
    }

    synchronized void start() {
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("pxe-dhcp", true),
                ReplyChannels.ioHandlers());
        // Says how many requests went unlogged in a busy second, even when none follows it.
        group.scheduleAtFixedRate(requestLog::flush, 1, 1, TimeUnit.SECONDS);
        LocalAddresses local = new LocalAddresses();
        ServerAddressResolver resolver = new ServerAddressResolver(settings.serverAddress(), local);
        // One budget for both ports: a client's answers on 67 and 4011 count together.
        AnswerBudget budget = new AnswerBudget(settings.answersPerClient());
        listen("proxy", "ProxyDHCP", settings.proxy(), ExchangePort.PROXY_DHCP, resolver, local, budget);
        listen("pxe", "PXE boot server", settings.pxe(), ExchangePort.PXE_BOOT_SERVER, resolver, local, budget);
        listen6(budget);
    }

    /**
     * DHCPv6 on [::]:547 and, for PXE's boot file, on [::]:4011 (the {@code pxe.port}), each joined to
     * All_DHCP_Relay_Agents_and_Servers on each IPv6 interface.
     */
    private void listen6(AnswerBudget budget) {
        Dhcp6Answers answers = new Dhcp6Answers(serverDuid, settings.httpPort(), settings.v6FallThroughAddress());
        listen6("v6", "DHCPv6", settings.v6Enabled(), settings.v6Port(), ExchangePort.PROXY_DHCP, answers, budget);
        listen6("pxe6", "PXE boot server over IPv6", settings.v6Enabled() && settings.pxe().enabled(),
                settings.pxe().port(), ExchangePort.PXE_BOOT_SERVER, answers, budget);
    }

    private void listen6(String name, String service, boolean enabled, int port, ExchangePort exchange,
            Dhcp6Answers answers, AnswerBudget budget) {
        String where = "[::]:" + port;
        if (!enabled) {
            listeners.add(new DhcpStatistics.Listener(name, where, false, "disabled"));
            return;
        }
        InetSocketAddress address = new InetSocketAddress(Addresses.IPV6_ANY, port);
        Dhcp6Responder responder = new Dhcp6Responder(exchange, chain, counters, budget, answers, handoffs, requestLog,
                settings.v6ServerAddress());
        ChannelFuture bound = ReplyChannels.bootstrap6(group, responder).bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            String problem = PortBindings.explain(service, address, bound.cause(), CONFIG_PID);
            listeners.add(new DhcpStatistics.Listener(name, where, false, problem));
            LOG.error(problem);
            return;
        }
        DatagramChannel channel = (DatagramChannel) bound.channel();
        channels.add(channel);
        List<String> joined = new ArrayList<>();
        for (NetworkInterface nif : Addresses.ipv6MulticastInterfaces()) {
            if (channel.joinGroup(new InetSocketAddress(Addresses.DHCP6_SERVERS, 0), nif).awaitUninterruptibly()
                    .isSuccess()) {
                joined.add(nif.getName());
            }
        }
        InetSocketAddress local = (InetSocketAddress) channel.localAddress();
        listeners.add(new DhcpStatistics.Listener(name, "[::]:" + local.getPort(), true, ""));
        LOG.info("{} listening on UDP [::]:{} (ff02::1:2 on {}){}", service, local.getPort(),
                joined.isEmpty() ? "no interface" : String.join(", ", joined),
                exchange == ExchangePort.PROXY_DHCP ? "; machines falling through are leased an address: "
                        + (settings.v6FallThroughAddress() ? "yes" : "no (v6.fallthrough.address)") : "");
    }

    private void listen(String name, String service, DhcpSettings.Listen listen, ExchangePort port,
            ServerAddressResolver resolver, LocalAddresses localAddresses, AnswerBudget budget) {
        InetSocketAddress address = new InetSocketAddress(listen.address(), listen.port());
        String where = address.getAddress().getHostAddress() + ":" + address.getPort();
        if (!listen.enabled()) {
            listeners.add(new DhcpStatistics.Listener(name, where, false, "disabled"));
            return;
        }
        DhcpRequestHandler handler = new DhcpRequestHandler(port, settings, chain, counters, resolver,
                requestLog, localAddresses, budget);
        ReplyChannels replies = new ReplyChannels(group, handler);
        handler.replyChannels(replies);
        replyChannels.add(replies);
        ChannelFuture bound = ReplyChannels.bootstrap(group, handler).bind(address).awaitUninterruptibly();
        if (bound.isSuccess()) {
            Channel channel = bound.channel();
            channels.add(channel);
            InetSocketAddress local = (InetSocketAddress) channel.localAddress();
            listeners.add(new DhcpStatistics.Listener(name,
                    local.getAddress().getHostAddress() + ":" + local.getPort(), true, ""));
            LOG.info("{} listening on UDP {}", service, local);
        } else {
            String problem = PortBindings.explain(service, address, bound.cause(), CONFIG_PID);
            listeners.add(new DhcpStatistics.Listener(name, where, false, problem));
            LOG.error(problem);
        }
    }

    /** The bound port of a listener, for tests that bind port 0. */
    synchronized int boundPort(ExchangePort port) {
        String name = port == ExchangePort.PROXY_DHCP ? "proxy" : "pxe";
        for (DhcpStatistics.Listener l : listeners) {
            if (l.name().equals(name) && l.listening()) {
                return Integer.parseInt(l.address().substring(l.address().lastIndexOf(':') + 1));
            }
        }
        return -1;
    }

    synchronized List<DhcpStatistics.Listener> listeners() {
        return List.copyOf(listeners);
    }

    synchronized void stop() {
        replyChannels.forEach(ReplyChannels::close);
        replyChannels.clear();
        for (Channel c : channels) {
            c.close().awaitUninterruptibly();
        }
        channels.clear();
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            group = null;
        }
        requestLog.close();
    }
}
