package org.karafpxe.dhcp.internal;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.karafpxe.api.BootFile;
import org.karafpxe.api.BootFileSource;
import org.karafpxe.dhcp.service.DhcpService;
import org.karafpxe.dhcp.service.DhcpStatistics;
import org.karafpxe.engine.BootChain;
import org.karafpxe.support.CheckedConfig;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ProxyDHCP, PXE boot server and DHCPv6 responder as an OSGi component. It is also the boot file
 * source of iPXE's hand-over scripts over IPv6 ({@link Ipxe6Handoffs}), which its DHCPv6 side fills.
 */
@Component(service = {DhcpService.class, BootFileSource.class}, configurationPid = DhcpResponderCore.CONFIG_PID,
        immediate = true, property = "service.ranking:Integer=" + DhcpResponder.FILE_RANKING)
@Designate(ocd = DhcpResponder.Config.class)
public final class DhcpResponder implements DhcpService, BootFileSource {
    /** Above the boot file directory's 0: the hand-over names are this server's. */
    static final int FILE_RANKING = 100;
    private static final Logger LOG = LoggerFactory.getLogger(DhcpResponder.class);

    @ObjectClassDefinition(name = "Karaf PXE DHCP responder",
            description = "ProxyDHCP (port 67), PXE boot server (port 4011, IPv4 and IPv6) and DHCPv6 (port 547) "
                    + "listeners.")
    @interface Config {
        @AttributeDefinition(description = "Answer PXE DISCOVERs on the DHCP port. Turn off when a DHCP "
                + "server runs on this host; it must then send option 60 \"PXEClient\".")
        boolean proxy_enabled() default true;

        @AttributeDefinition(description = "IPv4 address the ProxyDHCP listener binds; 0.0.0.0 for every "
                + "interface (it must receive broadcasts).")
        String proxy_address() default "0.0.0.0";

        @AttributeDefinition(min = "0", max = "65535", description = "UDP port of the ProxyDHCP listener (0-65535; clients send to 67).")
        int proxy_port() default 67;

        @AttributeDefinition(description = "Answer PXE boot server REQUESTs (port 4011).")
        boolean pxe_enabled() default true;

        @AttributeDefinition(description = "IPv4 address the PXE boot server listener binds; 0.0.0.0 for "
                + "every interface.")
        String pxe_address() default "0.0.0.0";

        @AttributeDefinition(min = "0", max = "65535", description = "UDP port of the PXE boot server, over IPv4 and IPv6 (0-65535; "
                + "firmware sends to 4011).")
        int pxe_port() default 4011;

        @AttributeDefinition(description = "Address announced to clients (siaddr, option 54); empty: the "
                + "address of the interface facing the client.")
        String server_address() default "";

        @AttributeDefinition(min = "1", max = "65535", description = "UDP port answers to clients go to (1-65535; clients listen on 68).")
        int client_port() default 68;

        @AttributeDefinition(min = "1", max = "65535", description = "UDP port answers to a DHCP relay (giaddr) go to (1-65535; relays "
                + "listen on 67).")
        int relay_port() default 67;

        @AttributeDefinition(description = "Where answers to clients without an address go (an IPv4 address; "
                + "255.255.255.255, the limited broadcast).")
        String broadcast_address() default "255.255.255.255";

        @AttributeDefinition(description = "Listen for DHCPv6 on [::] port v6.port and, when pxe.enabled, "
                + "on [::] port pxe.port (each joined to ff02::1:2 on each IPv6 interface): UEFI PXE and HTTP "
                + "boot over IPv6 beside the site's DHCPv6 server, and machines falling through.")
        boolean v6_enabled() default true;

        @AttributeDefinition(min = "0", max = "65535", description = "UDP port of the DHCPv6 listener (0-65535; clients send to 547).")
        int v6_port() default 547;

        @AttributeDefinition(description = "The IPv6 address announced to IPv6 clients (in their boot file "
                + "URLs); empty: this server's global address on the interface facing the client (the one the "
                + "kernel sends from). Set it when the interface has addresses on several prefixes.")
        String v6_server_address() default "";

        @AttributeDefinition(name = "v6.fallthrough.address", description = "Lease a machine this server has just sent "
                + "to its disk (its later IPv6 boot options) an address for 120 s in the /64 of this server's global "
                + "address facing it, so that its firmware ends each IPv6 boot option at once rather than after "
                + "waiting seconds for an address nobody else offers (true or false; false: the answer carries no address).")
        boolean v6_fallthrough_address() default true;

        @AttributeDefinition(min = "1", max = "65535", description = "The TCP port of this server's HTTP (org.osgi.service.http.port in "
                + "etc/org.ops4j.pax.web.cfg): an HTTP boot client given a boot file path, not a URL, is "
                + "offered http://<this server>:<http.port>/boot/<path>.")
        int http_port() default 8080;

        @AttributeDefinition(min = "0", max = "100000", description = "Decisions logged per second at most on org.karafpxe.dhcp.requests "
                + "(0-100000; 0: none); the rest are counted.")
        int requests_log_per_second() default 100;

        @AttributeDefinition(description = "The architecture of a client that names none (no option 93): "
                + "x86-bios, as WDS takes such clients, any architecture name, or unknown.")
        String architecture_missing() default "x86-bios";

        @AttributeDefinition(min = "0", max = "100000", description = "Answers one client (MAC) may get in 10 s on ports 67 and 4011 "
                + "together (0-100000; 0: no limit).")
        /* A UEFI machine that loses a few answers in a storm needs under ten in a window. */
        int answers_per_client() default 16;
    }

    @Reference
    private BootChain chain;

    private final DhcpCounters counters = new DhcpCounters();
    private final byte[] serverDuid = Dhcp6Answers.serverDuid(UUID.randomUUID());
    private final Ipxe6Handoffs handoffs = new Ipxe6Handoffs(System::nanoTime);
    private DhcpSettings settings;
    private DhcpResponderCore core;

    /** The raw properties only name a refused value; see {@link CheckedConfig}. */
    @Activate
    synchronized void activate(Config config, Map<String, Object> properties) {
        start(DhcpSettings.from(CheckedConfig.of(Config.class, config, properties)));
    }

    @Modified
    synchronized void modified(Config config, Map<String, Object> properties) {
        DhcpSettings next = DhcpSettings.from(CheckedConfig.of(Config.class, config, properties));
        if (next.equals(settings)) {
            return;
        }
        core.stop();
        start(next);
    }

    @Deactivate
    synchronized void deactivate() {
        core.stop();
    }

    private void start(DhcpSettings next) {
        next.problems().forEach(p -> LOG.error("etc/{}.cfg: {}", DhcpResponderCore.CONFIG_PID, p));
        settings = next;
        core = new DhcpResponderCore(next, chain, counters, serverDuid, handoffs);
        core.start();
    }

    @Override
    public Optional<BootFile> open(String path, InetSocketAddress client) {
        return handoffs.open(path, client);
    }

    @Override
    public String toString() {
        return handoffs.toString();
    }

    @Override
    public synchronized DhcpStatistics statistics() {
        return new DhcpStatistics(core.listeners(), counters.snapshot());
    }
}
