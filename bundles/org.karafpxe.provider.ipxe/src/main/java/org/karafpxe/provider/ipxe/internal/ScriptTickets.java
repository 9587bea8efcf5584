package org.karafpxe.provider.ipxe.internal;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Component;

/**
 * The names of device scripts: each answer to a prestaged iPXE client names its script by a random
 * ticket of 130 bits ({@code ipxe/s/<ticket>.ipxe}), bound to the device of that answer, instead of
 * the device's id, which anyone could count through to read other machines' tasks or take their
 * one-shot tasks first. A ticket lives {@value #LIFETIME_MINUTES} minutes (a press-a-key prompt
 * included); the answers to one boot's repeated requests share one. At most {@value #MAX} are kept,
 * the oldest going first.
 */
@Component(service = ScriptTickets.class)
public final class ScriptTickets {
    static final String FOLDER = IpxeScripts.FOLDER + "s/";
    static final String TASK_SUFFIX = "-task";
    static final int MAX = 100_000;
    static final long LIFETIME_MINUTES = 30;
    private static final long LIFETIME_NANOS = TimeUnit.MINUTES.toNanos(LIFETIME_MINUTES);
    /** An answer this soon after the last one for the same device names the same script. */
    private static final long REUSE_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int LENGTH = 26;

    private record Ticket(String token, long deviceId, InetAddress server, long issued) {
    }

    /**
     * What a ticket stands for.
     *
     * @param deviceId the device answered
     * @param server   the address this server announced in that answer: where the machine reaches it
     */
    record Issued(long deviceId, InetAddress server) {
    }

    private final SecureRandom random = new SecureRandom();
    private final LongSupplier nanoClock;
    private final Map<String, Ticket> byToken = new LinkedHashMap<>();
    private final Map<Long, Ticket> latest = new HashMap<>();

    public ScriptTickets() {
        this(System::nanoTime);
    }

    ScriptTickets(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** The path of the device's script for an answer given now, announcing {@code server}. */
    String scriptFor(long deviceId, InetAddress server) {
        return FOLDER + issue(deviceId, server) + ".ipxe";
    }

    /** A path standing for the script in a dry run, which issues nothing. */
    static String placeholder(long deviceId) {
        return FOLDER + "<ticket of device " + deviceId + ">.ipxe";
    }

    private synchronized String issue(long deviceId, InetAddress server) {
        long now = nanoClock.getAsLong();
        Ticket last = latest.get(deviceId);
        if (last != null && now - last.issued() < REUSE_NANOS && last.server().equals(server)
                && byToken.containsKey(last.token())) {
            return last.token();
        }
        char[] token = new char[LENGTH];
        byte[] bits = new byte[LENGTH];
        random.nextBytes(bits);
        for (int i = 0; i < LENGTH; i++) {
            token[i] = BASE32[bits[i] & 31];
        }
        Ticket ticket = new Ticket(new String(token), deviceId, server, now);
        byToken.put(ticket.token(), ticket);
        latest.put(deviceId, ticket);
        // Tickets are kept in the order issued: the oldest, and any expired, go first.
        for (Iterator<Ticket> oldest = byToken.values().iterator(); oldest.hasNext();) {
            Ticket t = oldest.next();
            if (byToken.size() <= MAX && !expired(t, now)) {
                break;
            }
            oldest.remove();
            latest.remove(t.deviceId(), t);
        }
        return ticket.token();
    }

    /**
     * What a ticket stands for, if it is current.
     *
     * @param token the ticket as the client spelled it (names may be matched in any case)
     */
    synchronized Optional<Issued> lookup(String token) {
        Ticket t = byToken.get(token.toLowerCase(Locale.ROOT));
        return t == null || expired(t, nanoClock.getAsLong()) ? Optional.empty()
                : Optional.of(new Issued(t.deviceId(), t.server()));
    }

    private static boolean expired(Ticket t, long now) {
        return now - t.issued() >= LIFETIME_NANOS;
    }

    synchronized int size() {
        return byToken.size();
    }
}
