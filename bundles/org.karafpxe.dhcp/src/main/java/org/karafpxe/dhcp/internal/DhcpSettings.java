package org.karafpxe.dhcp.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * @param problems         what was wrong with the configuration, for the log
 */
record DhcpSettings(Listen proxy, Listen pxe, Optional<Inet4Address> serverAddress, int clientPort, int relayPort,
        Inet4Address broadcastAddress, int requestsLogPerSecond, List<String> problems) {

    record Listen(boolean enabled, Inet4Address address, int port) {
    }

    static DhcpSettings from(Map<String, ?> properties) {
        Parser p = new Parser(properties);
        Listen proxy = new Listen(p.bool("proxy.enabled", true), p.address("proxy.address", "0.0.0.0"),
                p.port("proxy.port", 67, 0));
        Listen pxe = new Listen(p.bool("pxe.enabled", true), p.address("pxe.address", "0.0.0.0"),
                p.port("pxe.port", 4011, 0));
        String server = p.text("server.address");
        Optional<Inet4Address> serverAddress = server.isEmpty() ? Optional.empty()
                : Optional.ofNullable(p.address("server.address", null));
        return new DhcpSettings(proxy, pxe, serverAddress, p.port("client.port", 68, 1), p.port("relay.port", 67, 1),
                p.address("broadcast.address", "255.255.255.255"),
                p.count("requests.log.per.second", 100, 100_000), List.copyOf(p.problems));
    }

    private static final class Parser {
        private final Map<String, ?> properties;
        private final List<String> problems = new ArrayList<>();

        Parser(Map<String, ?> properties) {
            this.properties = properties;
        }

        String text(String key) {
            Object raw = properties.get(key);
            return raw == null ? "" : raw.toString().trim();
        }

        boolean bool(String key, boolean fallback) {
            String value = text(key);
            if (value.isEmpty()) {
                return fallback;
            }
            if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(value);
            }
            problems.add(key + " = '" + value + "' is not true or false; using " + fallback);
            return fallback;
        }

        /** A whole number from 0 to max. */
        int count(String key, int fallback, int max) {
            return number(key, fallback, 0, max, "a whole number from 0 to " + max);
        }

        /** A UDP port; a listener may take 0, any free port. */
        int port(String key, int fallback, int min) {
            return number(key, fallback, min, 65535, "a UDP port (" + min + "-65535)");
        }

        private int number(String key, int fallback, int min, int max, String allowed) {
            String value = text(key);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(key + " = '" + value + "' is not " + allowed + "; using " + fallback);
            return fallback;
        }

        /** An IPv4 literal; names are refused so that a typo never waits on DNS. */
        Inet4Address address(String key, String fallback) {
            String value = text(key);
            if (!value.isEmpty()) {
                if (value.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                    try {
                        InetAddress a = InetAddress.getByName(value);
                        if (a instanceof Inet4Address v4) {
                            return v4;
                        }
                    } catch (UnknownHostException e) {
                        // reported below
                    }
                }
                problems.add(key + " = '" + value + "' is not an IPv4 address such as 192.0.2.10"
                        + (fallback == null ? "; ignoring it" : "; using " + fallback));
            }
            if (fallback == null) {
                return null;
            }
            try {
                return (Inet4Address) InetAddress.getByName(fallback);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
