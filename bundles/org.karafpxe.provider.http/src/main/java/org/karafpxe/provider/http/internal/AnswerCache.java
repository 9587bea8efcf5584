package org.karafpxe.provider.http.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.karafpxe.api.Decision;

/**
 * The service's answers, kept for a while per request (see {@link RequestJson#cacheKey}), so that
 * a client retrying every few seconds, or a storm of them, asks the service once per TTL. Only
 * answers are kept, never failures. The least recently used answer goes first when full.
 */
final class AnswerCache {
    private record Entry(Decision decision, long expiresNanos) {
    }

    private final long ttlNanos;
    private final int max;
    private final Map<String, Entry> entries;

    AnswerCache(long ttlNanos, int max) {
        this.ttlNanos = ttlNanos;
        this.max = max;
        this.entries = new LinkedHashMap<>(Math.min(max, 1024), 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > AnswerCache.this.max;
            }
        };
    }

    boolean enabled() {
        return ttlNanos > 0;
    }

    synchronized Optional<Decision> get(String key, long nowNanos) {
        if (!enabled()) {
            return Optional.empty();
        }
        Entry e = entries.get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (nowNanos - e.expiresNanos() >= 0) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(e.decision());
    }

    synchronized void put(String key, Decision decision, long nowNanos) {
        if (enabled()) {
            entries.put(key, new Entry(decision, nowNanos + ttlNanos));
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
