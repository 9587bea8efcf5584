package org.karafpxe.provider.policy.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.karafpxe.api.MacAddress;

/**
 * How long each client has been trying to boot, as this server saw it. The response delay is
 * measured by the client's {@code secs} field, but some firmware (OVMF) always sends 0 there;
 * the time since this server first heard from the client in the current attempt stands in for it.
 * An attempt ends after a minute of silence.
 */
final class BootAttempts {
    private static final long ATTEMPT_GAP_NANOS = TimeUnit.SECONDS.toNanos(60);

    private record Attempt(long firstNanos, long lastNanos) {
    }

    private final Map<MacAddress, Attempt> attempts = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<MacAddress, Attempt> eldest) {
            return size() > 100_000;
        }
    };

    /** Seconds the client has been trying: the larger of its own count and ours. */
    synchronized int elapsedSeconds(MacAddress mac, int clientSecs, long nowNanos) {
        Attempt a = attempts.get(mac);
        if (a == null || nowNanos - a.lastNanos() > ATTEMPT_GAP_NANOS) {
            a = new Attempt(nowNanos, nowNanos);
        } else {
            a = new Attempt(a.firstNanos(), nowNanos);
        }
        attempts.put(mac, a);
        long ours = TimeUnit.NANOSECONDS.toSeconds(nowNanos - a.firstNanos());
        return (int) Math.max(clientSecs, Math.min(ours, 65535));
    }
}
