package org.karafpxe.dhcp.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This host's IPv4 interface addresses (loopback left out) and their broadcast addresses, listed
 * at most once every {@value #TTL_SECONDS} s: listing them costs tens of microseconds per interface,
 * too much for every request, and an address the host gains or loses is seen within that time.
 */
final class LocalAddresses {
    private static final Logger LOG = LoggerFactory.getLogger(LocalAddresses.class);
    static final long TTL_SECONDS = 10;
    static final long TTL_NANOS = TimeUnit.SECONDS.toNanos(TTL_SECONDS);

    /** One listing: the addresses in interface order, and the subnets' broadcast addresses. */
    record Snapshot(List<Inet4Address> addresses, Set<InetAddress> broadcasts) {
        Snapshot {
            addresses = List.copyOf(addresses);
            broadcasts = Set.copyOf(broadcasts);
        }
    }

    private record Listed(Snapshot snapshot, long expires) {
    }

    private final Supplier<Snapshot> lister;
    private final LongSupplier nanoClock;
    private volatile Listed listed;

    LocalAddresses() {
        this(LocalAddresses::list, System::nanoTime);
    }

    LocalAddresses(Supplier<Snapshot> lister, LongSupplier nanoClock) {
        this.lister = lister;
        this.nanoClock = nanoClock;
    }

    Snapshot current() {
        long now = nanoClock.getAsLong();
        Listed known = listed;
        if (known == null || known.expires() - now <= 0) {
            // Two threads may list at once after expiry; either result is current.
            known = new Listed(lister.get(), now + TTL_NANOS);
            listed = known;
        }
        return known.snapshot();
    }

    /** Whether an answer sent to {@code address} would come back to this host or go to a whole subnet. */
    boolean isOwnOrBroadcast(InetAddress address) {
        Snapshot s = current();
        return s.addresses().contains(address) || s.broadcasts().contains(address);
    }

    private static Snapshot list() {
        List<Inet4Address> addresses = new ArrayList<>();
        Set<InetAddress> broadcasts = new HashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback()) {
                    for (InterfaceAddress a : nic.getInterfaceAddresses()) {
                        if (a.getAddress() instanceof Inet4Address v4) {
                            addresses.add(v4);
                            if (a.getBroadcast() != null) {
                                broadcasts.add(a.getBroadcast());
                            }
                        }
                    }
                }
            }
        } catch (SocketException e) {
            LOG.warn("Cannot list network interfaces: {}", e.toString());
        }
        return new Snapshot(addresses, broadcasts);
    }
}
