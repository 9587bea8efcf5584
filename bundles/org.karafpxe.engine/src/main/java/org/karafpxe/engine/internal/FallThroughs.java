package org.karafpxe.engine.internal;

import java.util.Iterator;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.karafpxe.api.MacAddress;

/**
 * The machines this server has just sent to their next boot device (no task: iPXE's local-boot
 * script, or {@code abort}), by MAC, each for a while: until then the firmware's later network
 * boot options of the same boot (UEFI HTTP boot after PXE) are answered so that they give up at
 * once, instead of each waiting out its own timeouts before the disk. A new boot of the machine
 * (its firmware's PXE request again) ends it, so the next decision is made afresh.
 *
 * <p>Only the server's own decisions add machines, but their MACs come from clients: the table is
 * capped, and when full, expired entries go first, then the new one is not kept (that machine
 * only waits as it would without this).
 */
final class FallThroughs {
    static final int CAPACITY = 65_536;

    private final Map<MacAddress, Long> since = new ConcurrentHashMap<>();
    private final long windowNanos;
    private final int capacity;

    FallThroughs(long windowNanos, int capacity) {
        this.windowNanos = windowNanos;
        this.capacity = capacity;
    }

    boolean enabled() {
        return windowNanos > 0;
    }

    /** The machine was sent to its next boot device at {@code now}. */
    void remember(MacAddress mac, long now) {
        if (!enabled()) {
            return;
        }
        if (since.size() >= capacity && !since.containsKey(mac)) {
            sweep(now);
            if (since.size() >= capacity) {
                return;
            }
        }
        since.put(mac, now);
    }

    /** The machine boots anew: its next requests are decided afresh. */
    void forget(MacAddress mac) {
        if (!since.isEmpty()) {
            since.remove(mac);
        }
    }

    /** Nanoseconds since the machine was sent to its next boot device, while that lasts. */
    OptionalLong elapsed(MacAddress mac, long now) {
        Long at = since.get(mac);
        if (at == null) {
            return OptionalLong.empty();
        }
        long elapsed = now - at;
        if (elapsed >= windowNanos) {
            since.remove(mac, at);
            return OptionalLong.empty();
        }
        return OptionalLong.of(elapsed);
    }

    int size() {
        return since.size();
    }

    private void sweep(long now) {
        for (Iterator<Long> i = since.values().iterator(); i.hasNext(); ) {
            if (now - i.next() >= windowNanos) {
                i.remove();
            }
        }
    }
}
