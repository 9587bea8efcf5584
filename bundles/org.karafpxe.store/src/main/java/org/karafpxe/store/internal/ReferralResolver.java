package org.karafpxe.store.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.karafpxe.store.InvalidValueException;
import org.karafpxe.store.Referral;
import org.karafpxe.store.ReferralServers;
import org.karafpxe.support.IpLiterals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Referral servers by name, looked up when set ({@link #check}), on first use in the background,
 * and again at each {@link #refresh}; {@link #resolve} only reads what is known. A name that stops
 * resolving keeps its last address, with a warning in every decision that uses it and one in the
 * log when it changes; a name that never resolved is unusable. Names come from the operator's
 * devices, not from clients; they are capped all the same.
 */
public final class ReferralResolver implements ReferralServers {
    private static final Logger LOG = LoggerFactory.getLogger(ReferralResolver.class);
    static final int MAX_NAMES = 10_000;

    /** The name service: {@link InetAddress#getAllByName} in the server. */
    @FunctionalInterface
    public interface Lookup {
        InetAddress[] all(String name) throws UnknownHostException;
    }

    /**
     * What is known of one name.
     *
     * @param address      its last IPv4 address, or null when it never resolved
     * @param failure      why the last lookup failed, or null when it succeeded
     * @param failingSince when lookups began to fail (epoch ms), when failure is set
     */
    private record Known(Inet4Address address, String failure, long failingSince) {
    }

    private final Lookup lookup;
    private final Executor background;
    private final LongSupplier clock;
    private final Map<String, Known> names = new ConcurrentHashMap<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    /**
     * @param lookup     the name service
     * @param background where names first met on a request are looked up
     * @param clock      the time, in epoch milliseconds
     */
    public ReferralResolver(Lookup lookup, Executor background, LongSupplier clock) {
        this.lookup = lookup;
        this.background = background;
        this.clock = clock;
    }

    @Override
    public Inet4Address check(String server) {
        Inet4Address literal = IpLiterals.ipv4Literal(server);
        if (literal != null) {
            String unusable = unusable(literal);
            if (unusable != null) {
                throw new InvalidValueException("referralServer", server, unusable);
            }
            return literal;
        }
        Known known = lookUp(server);
        if (known.failure() != null) {
            throw new InvalidValueException("referralServer", server, known.failure()
                    + ": give a host name this server can resolve, or the referral server's IPv4 address");
        }
        return known.address();
    }

    @Override
    public Referral resolve(String server) {
        Inet4Address literal = IpLiterals.ipv4Literal(server);
        if (literal != null) {
            String unusable = unusable(literal);
            return unusable == null ? new Referral.To(literal, "") : new Referral.Unusable(server + ": " + unusable);
        }
        Known known = names.get(key(server));
        if (known == null) {
            if (names.size() + pending.size() < MAX_NAMES && pending.add(key(server))) {
                background.execute(() -> {
                    try {
                        lookUp(server);
                    } finally {
                        pending.remove(key(server));
                    }
                });
            }
            return new Referral.Unusable("'" + server + "' is being looked up (never on the request path); the "
                    + "client is answered when it asks again");
        }
        if (known.address() == null) {
            return new Referral.Unusable("'" + server + "' " + known.failure());
        }
        if (known.failure() != null) {
            return new Referral.To(known.address(), "'" + server + "' no longer resolves (" + known.failure()
                    + ", since " + Instant.ofEpochMilli(known.failingSince()) + "); its last address "
                    + known.address().getHostAddress() + " is used");
        }
        return new Referral.To(known.address(), "");
    }

    /** Looks every known name up again; meant to run every minute or so, off the request path. */
    public void refresh() {
        for (String name : names.keySet()) {
            lookUp(name);
        }
    }

    /** Looks a name up, keeps the outcome, and logs when it begins or stops failing. */
    private Known lookUp(String server) {
        String key = key(server);
        Known before = names.get(key);
        Known now;
        try {
            Inet4Address found = firstIpv4(lookup.all(server));
            String unusable = found == null ? "resolves to no IPv4 address (a PXE client is referred to an IPv4 "
                    + "boot server)" : unusable(found);
            now = unusable == null ? new Known(found, null, 0) : failed(before, unusable);
        } catch (UnknownHostException e) {
            now = failed(before, "does not resolve (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            now = failed(before, "could not be looked up (" + e + ")");
        }
        if (before != null || names.size() < MAX_NAMES) {
            names.put(key, now);
        }
        if (before != null && before.failure() == null && now.failure() != null) {
            // It resolved before, so it has a last address.
            LOG.warn("Referral server '{}' {}: devices referred to it are sent to its last address {} until it "
                    + "resolves again", server, now.failure(), now.address().getHostAddress());
        } else if (before != null && before.failure() != null && now.failure() == null) {
            LOG.info("Referral server '{}' resolves again, to {}", server, now.address().getHostAddress());
        } else if (before == null && now.failure() != null) {
            LOG.warn("Referral server '{}' {}: devices referred to it are not answered", server, now.failure());
        }
        return now;
    }

    private Known failed(Known before, String why) {
        if (before != null && before.failure() != null) {
            return new Known(before.address(), why, before.failingSince());
        }
        return new Known(before == null ? null : before.address(), why, clock.getAsLong());
    }

    private static Inet4Address firstIpv4(InetAddress[] all) {
        for (InetAddress a : all) {
            if (a instanceof Inet4Address v4) {
                return v4;
            }
        }
        return null;
    }

    /** Why no client can be sent to the address, or null when one can. */
    static String unusable(Inet4Address address) {
        if (address.isAnyLocalAddress()) {
            return "0.0.0.0 is no server: give the referral server's IPv4 address";
        }
        if (address.isLoopbackAddress()) {
            return "a loopback address is the client's own: give an address the client can reach";
        }
        if (address.isMulticastAddress() || address.getHostAddress().equals("255.255.255.255")) {
            return "a broadcast or multicast address is no server: give the referral server's IPv4 address";
        }
        return null;
    }

    private static String key(String server) {
        return server.toLowerCase(Locale.ROOT);
    }
}
