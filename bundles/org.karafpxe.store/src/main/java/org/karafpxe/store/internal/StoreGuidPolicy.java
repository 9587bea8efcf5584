package org.karafpxe.store.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.karafpxe.api.GuidPolicy;
import org.karafpxe.api.MacAddress;
import org.karafpxe.store.BannedGuid;
import org.karafpxe.store.PolicyStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The banned GUIDs and GUID sightings of the store, for the provider chain. Every request asks
 * {@link #isBanned} on a socket thread, so the answer comes from memory: the list is reloaded in
 * the background every few seconds (a ban added here or on another server sharing the database
 * takes effect within that time). Sightings are written off the request path, once a minute per
 * GUID and MAC at most, and dropped rather than queued without bound when the database is slow.
 */
@Component(service = GuidPolicy.class, immediate = true)
public final class StoreGuidPolicy implements GuidPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(StoreGuidPolicy.class);
    private static final long RELOAD_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long SIGHTING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** Shared by many machines by definition, so banned without being listed. */
    private static final Set<UUID> ALWAYS_BANNED = Set.of(new UUID(0, 0), new UUID(-1, -1));

    @Reference
    private PolicyStore store;

    private volatile Set<UUID> banned = Set.of();
    private final Map<String, Long> lastSighting = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > 10_000;
        }
    };
    private ThreadPoolExecutor writer;
    private ScheduledExecutorService reloader;

    @Activate
    void activate() {
        writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000), r -> {
            Thread t = new Thread(r, "pxe-guid-sightings");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.DiscardPolicy());
        reload();
        reloader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pxe-banned-guids");
            t.setDaemon(true);
            return t;
        });
        reloader.scheduleWithFixedDelay(this::reload, RELOAD_NANOS, RELOAD_NANOS, TimeUnit.NANOSECONDS);
    }

    @Deactivate
    void deactivate() {
        writer.shutdown();
        reloader.shutdownNow();
    }

    @Override
    public boolean isBanned(UUID guid) {
        if (ALWAYS_BANNED.contains(guid)) {
            return true;
        }
        return banned.contains(guid);
    }

    private void reload() {
        try {
            banned = store.bannedGuids().stream().map(BannedGuid::guid).collect(Collectors.toUnmodifiableSet());
        } catch (RuntimeException e) {
            LOG.warn("Cannot read the banned GUIDs; keeping the {} known: {}", banned.size(), e.getMessage());
        }
    }

    @Override
    public void sighted(UUID guid, MacAddress mac) {
        String key = guid + "@" + mac;
        long now = System.nanoTime();
        synchronized (lastSighting) {
            Long last = lastSighting.get(key);
            if (last != null && now - last < SIGHTING_INTERVAL_NANOS) {
                return;
            }
            lastSighting.put(key, now);
        }
        Instant when = Instant.now();
        writer.execute(() -> {
            try {
                store.recordSighting(guid, mac, when);
            } catch (RuntimeException e) {
                LOG.debug("Cannot record that {} was seen from {}: {}", guid, mac, e.getMessage());
            }
        });
    }
}
