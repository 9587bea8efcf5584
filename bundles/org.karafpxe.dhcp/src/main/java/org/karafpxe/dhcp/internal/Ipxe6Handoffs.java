package org.karafpxe.dhcp.internal;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.karafpxe.api.BootFile;
import org.karafpxe.api.BootFileSource;
import org.karafpxe.api.MacAddress;

/**
 * What iPXE over IPv6 is to run, by MAC, from the chain's decision on its DHCPv6 SOLICIT to its
 * fetch of {@code ipxe/v6/<mac>.ipxe} (the name the site's DHCPv6 server gives iPXE, spelled with
 * iPXE's {@code ${net0/mac:hexhyp}}). iPXE takes its boot file only from the DHCPv6 server that
 * leases its address, so this server cannot name the machine's script itself, as it does over
 * IPv4: the site's server names this hand-over file, and the file chains to what this server decided.
 *
 * <p>A name is served only to an IPv6 client, and only within {@link #TTL_SECONDS} s of a decision
 * for that MAC; the table holds at most {@link #CAPACITY} machines (expired entries go first, then
 * any), so that SOLICITs under made-up MACs cannot grow it. Whoever claims a MAC in a SOLICIT may
 * read what that MAC was told, as whoever claims it in a DHCPv4 DISCOVER may: the MAC is what PXE
 * knows a machine by. The script it chains to is the machine's ticketed one.
 */
final class Ipxe6Handoffs implements BootFileSource {
    static final String FOLDER = "ipxe/v6/";
    static final int TTL_SECONDS = 120;
    static final int CAPACITY = 4096;

    private record Handoff(String script, long at) {
    }

    private final Map<MacAddress, Handoff> handoffs = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    Ipxe6Handoffs(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Keeps the script for the machine's next fetch, in place of an earlier one. */
    void put(MacAddress mac, String script) {
        long now = nanoClock.getAsLong();
        if (handoffs.size() >= CAPACITY && !handoffs.containsKey(mac)) {
            handoffs.values().removeIf(h -> expired(h, now));
            Iterator<MacAddress> any = handoffs.keySet().iterator();
            while (handoffs.size() >= CAPACITY && any.hasNext()) {
                any.next();
                any.remove();
            }
        }
        handoffs.put(mac, new Handoff(script, now));
    }

    int size() {
        return handoffs.size();
    }

    @Override
    public Optional<BootFile> open(String path, InetSocketAddress client) {
        if (!path.startsWith(FOLDER) || !path.endsWith(".ipxe") || client == null
                || !(client.getAddress() instanceof Inet6Address)) {
            return Optional.empty();
        }
        String name = path.substring(FOLDER.length(), path.length() - ".ipxe".length());
        // A MAC, spelled by iPXE's hexhyp (52-54-00-12-34-56): nothing longer is looked up.
        if (name.length() != 17) {
            return Optional.empty();
        }
        Optional<MacAddress> mac = MacAddress.parse(name);
        if (mac.isEmpty()) {
            return Optional.empty();
        }
        Handoff h = handoffs.get(mac.get());
        if (h == null || expired(h, nanoClock.getAsLong())) {
            return Optional.empty();
        }
        return Optional.of(BootFile.of(h.script().getBytes(StandardCharsets.UTF_8)));
    }

    private static boolean expired(Handoff h, long now) {
        return now - h.at() > TimeUnit.SECONDS.toNanos(TTL_SECONDS);
    }

    @Override
    public String toString() {
        return "iPXE over IPv6 (" + FOLDER + "<mac>.ipxe)";
    }
}
