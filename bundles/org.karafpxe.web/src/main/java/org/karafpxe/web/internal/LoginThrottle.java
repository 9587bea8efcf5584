package org.karafpxe.web.internal;

import java.net.InetAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing from one address: after {@value #FAILURES} refused logins within
 * {@value #WINDOW_S} seconds, that address may not try again until the window has passed. The table
 * is keyed by what the network sends, so it is capped: when it is full, entries whose window has
 * passed go, and if none has, the address is not tracked (every refusal is still answered late).
 */
final class LoginThrottle {
    static final int FAILURES = 10;
    static final long WINDOW_S = 60;
    static final int MAX_ADDRESSES = 4096;

    private record Window(long startNanos, int failures) {
    }

    private final Map<InetAddress, Window> windows = new ConcurrentHashMap<>();
    private final long windowNanos;

    LoginThrottle() {
        this(WINDOW_S * 1_000_000_000L);
    }

    LoginThrottle(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    /** Whether this address may try a password now. */
    boolean allowed(InetAddress address, long now) {
        Window w = windows.get(address);
        return w == null || w.failures() < FAILURES || now - w.startNanos() > windowNanos;
    }

    void refused(InetAddress address, long now) {
        if (windows.size() >= MAX_ADDRESSES && !windows.containsKey(address)) {
            for (Iterator<Window> it = windows.values().iterator(); it.hasNext();) {
                if (now - it.next().startNanos() > windowNanos) {
                    it.remove();
                }
            }
            if (windows.size() >= MAX_ADDRESSES) {
                return;
            }
        }
        windows.merge(address, new Window(now, 1), (old, one) -> now - old.startNanos() > windowNanos ? one
                : new Window(old.startNanos(), old.failures() + 1));
    }

    void accepted(InetAddress address) {
        windows.remove(address);
    }

    int tracked() {
        return windows.size();
    }
}
