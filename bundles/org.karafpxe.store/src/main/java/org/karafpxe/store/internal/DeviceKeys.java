package org.karafpxe.store.internal;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLongArray;
import org.karafpxe.api.MacAddress;

/**
 * The MACs and GUIDs on the stored devices, kept in memory in front of {@code match}: a booting
 * client whose MAC and GUID are both absent here is on no device, and is told so without a query.
 * In a boot storm most clients are not prestaged, and every provider that asks about them would
 * otherwise cost the database two queries.
 *
 * <p>Only for a database this server has to itself (an embedded H2 file): the keys are loaded
 * when the store opens, and every device write adds its keys before it commits, so a write that
 * has returned is always seen. Keys are never removed (a device removed or given another MAC leaves
 * its old key until the next start); such a key only costs a query, never a wrong answer. GUIDs
 * are kept as a 64-bit hash of the 128-bit value, for the same reason: a collision costs a query.
 *
 * <p>Readers take no lock; writers are serialized on the sets. About 8 bytes per key at most
 * half full: some 3 MiB for 100,000 devices with a MAC and a GUID each.
 */
final class DeviceKeys {
    private final LongSet macs = new LongSet();
    private final LongSet guids = new LongSet();

    /** False when no device has this GUID; true when one may. */
    boolean mayHave(UUID guid) {
        return guids.contains(guidKey(guid));
    }

    /** False when no device has this MAC (its 6 bytes); true when one may. */
    boolean mayHaveMac(byte[] mac) {
        return macs.contains(macKey(mac));
    }

    void add(Optional<MacAddress> mac, Optional<UUID> guid) {
        mac.map(MacAddress::bytes).filter(b -> b.length == 6).ifPresent(b -> macs.add(macKey(b)));
        guid.ifPresent(g -> guids.add(guidKey(g)));
    }

    int size() {
        return macs.size() + guids.size();
    }

    /** A MAC's 48 bits with bit 48 set, so that no key is 0 (the empty slot). */
    private static long macKey(byte[] mac) {
        long key = 0;
        for (byte b : mac) {
            key = key << 8 | (b & 0xff);
        }
        return key | 1L << 48;
    }

    private static long guidKey(UUID guid) {
        long key = guid.getMostSignificantBits() * 0x9E3779B97F4A7C15L ^ guid.getLeastSignificantBits();
        return key == 0 ? 1 : key;
    }

    /**
     * A set of non-zero longs: open addressing with linear probing, grown by copying when half
     * full. Readers see a slot written before any write that returned after it (the slots are
     * volatile); a reader racing a growth may use the old table, which the write had not yet
     * returned from.
     */
    static final class LongSet {
        private volatile AtomicLongArray table = new AtomicLongArray(1024);
        private int size;

        boolean contains(long key) {
            AtomicLongArray t = table;
            int mask = t.length() - 1;
            for (int i = slot(key, mask); ; i = (i + 1) & mask) {
                long k = t.get(i);
                if (k == key) {
                    return true;
                }
                if (k == 0) {
                    return false;
                }
            }
        }

        synchronized void add(long key) {
            if (contains(key)) {
                return;
            }
            if (2 * (size + 1) > table.length()) {
                AtomicLongArray bigger = new AtomicLongArray(table.length() * 2);
                for (int i = 0; i < table.length(); i++) {
                    long k = table.get(i);
                    if (k != 0) {
                        put(bigger, k);
                    }
                }
                table = bigger;
            }
            put(table, key);
            size++;
        }

        synchronized int size() {
            return size;
        }

        private static void put(AtomicLongArray t, long key) {
            int mask = t.length() - 1;
            int i = slot(key, mask);
            while (t.get(i) != 0) {
                i = (i + 1) & mask;
            }
            t.set(i, key);
        }

        private static int slot(long key, int mask) {
            long h = key * 0xBF58476D1CE4E5B9L;
            return (int) (h ^ h >>> 31) & mask;
        }
    }
}
