package org.karafpxe.dhcp.internal;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works out the address this server announces to a client (siaddr, option 54): an address the
 * client can reach, on the interface that faces it.
 *
 * <p>Java does not tell which interface a broadcast came in on, so in order: the configured
 * {@code server.address}; for a relayed request, the local address routed towards the relay; for a
 * client that already has an address (or a sender with one), the local address routed towards it;
 * else the machine's only IPv4 interface address. A machine with several interfaces and clients
 * on more than one of them without relays needs {@code server.address}, or one server per segment.
 */
final class ServerAddressResolver {
    private static final Logger LOG = LoggerFactory.getLogger(ServerAddressResolver.class);
    private static final long ROUTE_TTL_NANOS = TimeUnit.SECONDS.toNanos(60);

    private record Route(Inet4Address local, long expires) {
    }

    private final Optional<Inet4Address> configured;
    private final Map<InetAddress, Route> routes = new ConcurrentHashMap<>();
    private final AtomicBoolean warnedAmbiguous = new AtomicBoolean();
    private final LocalAddresses local;

    ServerAddressResolver(Optional<Inet4Address> configured, LocalAddresses local) {
        this.configured = configured;
        this.local = local;
    }

    Inet4Address resolve(Inet4Address giaddr, Inet4Address ciaddr, InetAddress sender) {
        if (configured.isPresent()) {
            return configured.get();
        }
        for (InetAddress towards : new InetAddress[] {giaddr, sender, ciaddr}) {
            if (towards instanceof Inet4Address && !towards.isAnyLocalAddress()) {
                Optional<Inet4Address> local = routeTowards(towards);
                if (local.isPresent()) {
                    return local.get();
                }
            }
        }
        return onlyInterfaceAddress();
    }

    /** The local address the kernel picks to reach the target; connecting a UDP socket sends nothing. */
    private Optional<Inet4Address> routeTowards(InetAddress target) {
        long now = System.nanoTime();
        Route cached = routes.get(target);
        if (cached != null && cached.expires() - now > 0) {
            return Optional.of(cached.local());
        }
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(target, 9);
            if (probe.getLocalAddress() instanceof Inet4Address local && !local.isAnyLocalAddress()) {
                if (routes.size() > 10_000) {
                    routes.clear();
                }
                routes.put(target, new Route(local, now + ROUTE_TTL_NANOS));
                return Optional.of(local);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("No route towards {}: {}", target, e.toString());
        }
        return Optional.empty();
    }

    private Inet4Address onlyInterfaceAddress() {
        List<Inet4Address> addresses = local.current().addresses();
        if (addresses.isEmpty()) {
            return Addresses.LOOPBACK;
        }
        if (addresses.size() > 1 && warnedAmbiguous.compareAndSet(false, true)) {
            LOG.warn("This machine has several IPv4 addresses {}; announcing {} to clients without an address. "
                    + "Set server.address in etc/org.karafpxe.dhcp.cfg to choose.", addresses, addresses.get(0));
        }
        return addresses.get(0);
    }
}
