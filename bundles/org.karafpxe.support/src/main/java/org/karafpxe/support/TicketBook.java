package org.karafpxe.support;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Random tickets that name what one answer to a machine stood for, so that the names a machine
 * fetches next (a script, a boot loader's second stage) cannot be guessed or counted through by
 * anyone else on the segment: {@value #LENGTH} letters and digits of base 32, 130 random bits.
 *
 * <p>Answers for the same key (a device) within the reuse time, standing for an equal value, share
 * one ticket: the repeated requests of one boot get one name. A ticket lives for the lifetime given;
 * at most {@code max} are kept, the oldest going first. Thread-safe.
 *
 * @param <T> what a ticket stands for, compared with {@code equals} for reuse
 */
public final class TicketBook<T> {
    /** The length of a ticket. */
    public static final int LENGTH = 26;
    /** A ticket as a regular expression, in any case (clients may change the case of names). */
    public static final String PATTERN = "[A-Za-z2-7]{" + LENGTH + "}";
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private record Ticket<T>(String token, long key, T value, long issued) {
    }

    private final SecureRandom random = new SecureRandom();
    private final int max;
    private final long lifetimeNanos;
    private final long reuseNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Ticket<T>> byToken = new LinkedHashMap<>();
    private final Map<Long, Ticket<T>> latest = new HashMap<>();

    public TicketBook(int max, long lifetimeNanos, long reuseNanos, LongSupplier nanoClock) {
        if (max < 1 || lifetimeNanos <= 0 || reuseNanos < 0) {
            throw new IllegalArgumentException("a ticket book keeps at least one ticket for some time");
        }
        this.max = max;
        this.lifetimeNanos = lifetimeNanos;
        this.reuseNanos = reuseNanos;
        this.nanoClock = nanoClock;
    }

    /** A ticket for {@code value}, issued now for {@code key}, or the one issued for them a moment ago. */
    public synchronized String issue(long key, T value) {
        long now = nanoClock.getAsLong();
        Ticket<T> last = latest.get(key);
        if (last != null && now - last.issued() < reuseNanos && last.value().equals(value)
                && byToken.containsKey(last.token())) {
            return last.token();
        }
        Ticket<T> ticket = new Ticket<>(newToken(random), key, value, now);
        byToken.put(ticket.token(), ticket);
        latest.put(key, ticket);
        // Kept in the order issued: the oldest, and any expired, go first.
        for (Iterator<Ticket<T>> oldest = byToken.values().iterator(); oldest.hasNext();) {
            Ticket<T> t = oldest.next();
            if (byToken.size() <= max && !expired(t, now)) {
                break;
            }
            oldest.remove();
            latest.remove(t.key(), t);
        }
        return ticket.token();
    }

    /** A new random token of {@value #LENGTH} lower-case base32 characters (130 bits). */
    public static String newToken(SecureRandom random) {
        byte[] bits = new byte[LENGTH];
        random.nextBytes(bits);
        char[] token = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            token[i] = BASE32[bits[i] & 31];
        }
        return new String(token);
    }

    /** What a ticket stands for, if it is current; the ticket may be spelled in any case. */
    public synchronized Optional<T> lookup(String token) {
        Ticket<T> t = byToken.get(token.toLowerCase(Locale.ROOT));
        return t == null || expired(t, nanoClock.getAsLong()) ? Optional.empty() : Optional.of(t.value());
    }

    private boolean expired(Ticket<T> t, long now) {
        return now - t.issued() >= lifetimeNanos;
    }

    /** How many tickets are kept. */
    public synchronized int size() {
        return byToken.size();
    }
}
