package org.karafpxe.provider.ipxe.internal;

import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one-shot scripts served lately, per device and client socket (address and port). A
 * request the client sends again (its first answer was lost) comes from the same port, and by
 * then the store has cleared the task: within the grace period it is given the same script again.
 * A reboot fetches from a new port, so it gets the local-boot script however quickly it comes:
 * a machine that reboots fast must not run its one-shot task twice. After the grace period the
 * script is forgotten.
 *
 * <p>Bounded: beyond {@value #MAX_ENTRIES} entries the oldest is dropped.
 */
final class RecentOneShots {

    static final int MAX_ENTRIES = 10_000;

    private record Key(long deviceId, InetSocketAddress client) {
    }

    private record Served(String script, long untilNanos) {
    }

    // Insertion order, so the eldest entry is the first to expire and the first dropped.
    private final Map<Key, Served> served = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Served> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /** Notes a one-shot script just served; nothing is kept for a grace period of 0 or an unknown client. */
    synchronized void remember(long deviceId, InetSocketAddress client, String script, long nowNanos, long graceNanos) {
        Objects.requireNonNull(script, "script");
        if (client == null || graceNanos <= 0) {
            return;
        }
        expire(nowNanos);
        Key key = new Key(deviceId, client);
        served.remove(key);
        served.put(key, new Served(script, nowNanos + graceNanos));
    }

    /** The script served to this client for this device within its grace period, if any. */
    synchronized Optional<String> recall(long deviceId, InetSocketAddress client, long nowNanos) {
        if (client == null) {
            return Optional.empty();
        }
        expire(nowNanos);
        Served s = served.get(new Key(deviceId, client));
        // Entries out of order (the grace period was shortened meanwhile) are checked one by one too.
        return s != null && nowNanos - s.untilNanos() < 0 ? Optional.of(s.script()) : Optional.empty();
    }

    synchronized int size() {
        return served.size();
    }

    private void expire(long nowNanos) {
        Iterator<Served> it = served.values().iterator();
        while (it.hasNext()) {
            if (nowNanos - it.next().untilNanos() < 0) {
                return;
            }
            it.remove();
        }
    }
}
