package org.karafpxe.dhcp.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.karafpxe.api.Architecture;
import org.karafpxe.dhcp.internal.DhcpResponder.Config;
import org.karafpxe.support.CheckedConfig;
import org.karafpxe.support.IpLiterals;

/**
 * The responder's validated settings ({@code etc/org.karafpxe.dhcp.cfg}). A bad value is
 * reported with what is allowed and replaced by its default.
 *
 * @param proxy            the ProxyDHCP listener (DHCP port 67)
 * @param pxe              the PXE boot server listener (port 4011, "BINL")
 * @param serverAddress    the address to announce as server (siaddr, option 54); empty: worked
 *                         out per request from the interface facing the client
 * @param clientPort       where broadcast and unicast replies to clients go (68)
 * @param relayPort        where replies to a relay agent (giaddr) go (67)
 * @param broadcastAddress where replies to clients without an address go
 * @param requestsLogPerSecond lines of the request log a second at most (0-100000; 0: none)
 * @param missingArchitecture  the architecture of a client that names none (no option 93, no
 *                             {@code Arch:} in option 60): x86 BIOS, as WDS takes it, unless set
 *                             otherwise ({@link Architecture#UNKNOWN}: such clients are not answered)
 * @param answersPerClient     answers one MAC may get in {@value AnswerBudget#WINDOW_SECONDS} s on both
 *                             ports together (0: no limit)
 * @param v6Enabled        whether the DHCPv6 listener runs (on [::], port {@code v6Port})
 * @param v6Port           its port (547)
 * @param v6ServerAddress  the IPv6 address to announce to IPv6 clients (in boot file URLs); empty:
 *                         worked out per request from the interface facing the client
 * @param httpPort         the port of this server's boot files over HTTP ({@code org.osgi.service.http.port}
 *                         in {@code etc/org.ops4j.pax.web.cfg}), for the URLs built from boot file paths
 * @param v6FallThroughAddress whether a machine falling through is leased a short-lived IPv6 address
 * @param problems         what was wrong with the configuration, for the log
 */
record DhcpSettings(Listen proxy, Listen pxe, Optional<Inet4Address> serverAddress, int clientPort, int relayPort,
        Inet4Address broadcastAddress, int requestsLogPerSecond, Architecture missingArchitecture,
        int answersPerClient, boolean v6Enabled, int v6Port, Optional<InetAddress> v6ServerAddress, int httpPort,
        boolean v6FallThroughAddress, List<String> problems) {

    record Listen(boolean enabled, Inet4Address address, int port) {
    }

    /** From a configuration as Config Admin holds it (every value a String), for the plain core's tests. */
    static DhcpSettings from(Map<String, ?> properties) {
        return from(CheckedConfig.of(Config.class, null, properties));
    }

    static DhcpSettings from(CheckedConfig<Config> checked) {
        Config c = checked.config();
        Listen proxy = new Listen(c.proxy_enabled(), checked.ipv4(Config::proxy_address), c.proxy_port());
        Listen pxe = new Listen(c.pxe_enabled(), checked.ipv4(Config::pxe_address), c.pxe_port());
        Optional<Inet4Address> serverAddress = Optional.ofNullable(checked.ipv4(Config::server_address));
        return new DhcpSettings(proxy, pxe, serverAddress, c.client_port(), c.relay_port(),
                checked.ipv4(Config::broadcast_address), c.requests_log_per_second(), missingArchitecture(checked),
                c.answers_per_client(), c.v6_enabled(), c.v6_port(), v6ServerAddress(checked), c.http_port(),
                c.v6_fallthrough_address(), checked.problems());
    }

    private static Optional<InetAddress> v6ServerAddress(CheckedConfig<Config> checked) {
        String raw = checked.text(Config::v6_server_address);
        if (raw == null) {
            return Optional.empty();
        }
        InetAddress address = IpLiterals.literal(raw);
        if (!(address instanceof Inet6Address) || address.isAnyLocalAddress() || address.isMulticastAddress()
                || address.isLoopbackAddress()) {
            checked.problem(checked.key(Config::v6_server_address) + " = '" + raw + "' is not an IPv6 address of "
                    + "this server (such as fd00:213::2); leave it empty to announce the address of the interface "
                    + "facing each client");
            return Optional.empty();
        }
        return Optional.of(address);
    }

    private static Architecture missingArchitecture(CheckedConfig<Config> checked) {
        String raw = checked.text(Config::architecture_missing);
        if (raw == null) {
            return Architecture.X86_BIOS;
        }
        String key = raw.toLowerCase(Locale.ROOT);
        if (key.equals(Architecture.UNKNOWN.key())) {
            return Architecture.UNKNOWN;
        }
        return Architecture.byKey(key).orElseGet(() -> {
            checked.problem(checked.key(Config::architecture_missing) + " = '" + raw + "' is not an architecture: "
                    + "use one of " + String.join(", ", Architecture.keys()) + ", or unknown (such clients are not "
                    + "answered); using x86-bios");
            return Architecture.X86_BIOS;
        });
    }
}
