package org.karafpxe.dhcp.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.karafpxe.api.Architecture;
import org.karafpxe.support.ConfigValues;

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
 * @param problems         what was wrong with the configuration, for the log
 */
record DhcpSettings(Listen proxy, Listen pxe, Optional<Inet4Address> serverAddress, int clientPort, int relayPort,
        Inet4Address broadcastAddress, int requestsLogPerSecond, Architecture missingArchitecture,
        int answersPerClient, boolean v6Enabled, int v6Port, Optional<InetAddress> v6ServerAddress, int httpPort,
        List<String> problems) {

    record Listen(boolean enabled, Inet4Address address, int port) {
    }

    private static final Inet4Address ANY = ConfigValues.ipv4Literal("0.0.0.0");
    private static final Inet4Address BROADCAST = ConfigValues.ipv4Literal("255.255.255.255");

    static final String MISSING_ARCHITECTURE = "architecture.missing";
    static final String HTTP_PORT = "http.port";
    static final String V6_SERVER_ADDRESS = "v6.server.address";
    /** A UEFI machine that loses a few answers in a storm needs under ten in a window. */
    static final int DEFAULT_ANSWERS_PER_CLIENT = 16;

    static DhcpSettings from(Map<String, ?> properties) {
        ConfigValues values = new ConfigValues(properties);
        Listen proxy = new Listen(values.flag("proxy.enabled", true), values.ipv4("proxy.address", ANY),
                port(values, "proxy.port", 67, 0));
        Listen pxe = new Listen(values.flag("pxe.enabled", true), values.ipv4("pxe.address", ANY),
                port(values, "pxe.port", 4011, 0));
        Optional<Inet4Address> serverAddress = Optional.ofNullable(values.ipv4("server.address", null));
        return new DhcpSettings(proxy, pxe, serverAddress, port(values, "client.port", 68, 1),
                port(values, "relay.port", 67, 1), values.ipv4("broadcast.address", BROADCAST),
                (int) values.number("requests.log.per.second", 100, 0, 100_000), missingArchitecture(values),
                (int) values.number("answers.per.client", DEFAULT_ANSWERS_PER_CLIENT, 0, 100_000,
                        "a number of answers from 0 (no limit) to 100000"), values.flag("v6.enabled", true),
                port(values, "v6.port", 547, 0), v6ServerAddress(values), (int) values.number(HTTP_PORT, 8080, 1, 65535,
                        "the TCP port of this server's HTTP (1-65535), as org.osgi.service.http.port in "
                        + "etc/org.ops4j.pax.web.cfg"), values.problems());
    }

    private static Optional<InetAddress> v6ServerAddress(ConfigValues values) {
        String raw = values.text(V6_SERVER_ADDRESS);
        if (raw == null) {
            return Optional.empty();
        }
        InetAddress address = ConfigValues.literal(raw);
        if (!(address instanceof Inet6Address) || address.isAnyLocalAddress() || address.isMulticastAddress()
                || address.isLoopbackAddress()) {
            values.problem(V6_SERVER_ADDRESS + " = '" + raw + "' is not an IPv6 address of "
                    + "this server (such as fd00:213::2); leave it empty to announce the address of the interface "
                    + "facing each client");
            return Optional.empty();
        }
        return Optional.of(address);
    }

    private static Architecture missingArchitecture(ConfigValues values) {
        String raw = values.text(MISSING_ARCHITECTURE);
        if (raw == null) {
            return Architecture.X86_BIOS;
        }
        String key = raw.toLowerCase(Locale.ROOT);
        if (key.equals(Architecture.UNKNOWN.key())) {
            return Architecture.UNKNOWN;
        }
        return Architecture.byKey(key).orElseGet(() -> {
            values.problem(MISSING_ARCHITECTURE + " = '" + raw + "' is not an architecture: use one of "
                    + String.join(", ", Architecture.keys()) + ", or unknown (such clients are not answered); "
                    + "using x86-bios");
            return Architecture.X86_BIOS;
        });
    }

    /** A UDP port; a listener may take 0, any free port. */
    private static int port(ConfigValues values, String key, int fallback, int min) {
        return (int) values.number(key, fallback, min, 65535, "a UDP port (" + min + "-65535)");
    }
}
