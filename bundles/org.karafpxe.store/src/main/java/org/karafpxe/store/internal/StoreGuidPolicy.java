package org.karafpxe.store.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.karafpxe.api.GuidPolicy;
import org.karafpxe.api.MacAddress;
import org.karafpxe.api.PlaceholderGuids;
import org.karafpxe.store.BannedGuid;
import org.karafpxe.store.GuidRegistry;
import org.karafpxe.store.Sighting;
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
 * takes effect within that time). Only what can reveal a duplicate is written: a GUID seen from a
 * second MAC (both MACs then), and its further MACs; a GUID seen from one MAC, which is every
 * machine's case and any packet's a stranger makes up, is kept in memory only. Sightings are
 * written off the request path, once a minute per GUID and MAC at most, in batches, and dropped
 * rather than queued without bound when the database is slow. A GUID seen from
 * {@value #MAX_MACS_PER_GUID} MACs is shared beyond doubt: further MACs with it are not written (a
 * room of boards with one GUID would otherwise add a row per board). The store keeps the table
 * bounded as well.
 */
@Component(service = GuidPolicy.class, immediate = true)
public final class StoreGuidPolicy implements GuidPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(StoreGuidPolicy.class);
    private static final long RELOAD_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long SIGHTING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** MACs recorded per GUID while it is among the recent ones; beyond them it is plainly shared. */
    static final int MAX_MACS_PER_GUID = 32;

    @Reference
    private GuidRegistry store;

    private volatile Set<UUID> banned = Set.of();
    /** Per GUID seen lately, its MACs recorded and when; the least recently seen GUIDs are forgotten. */
    private final Map<UUID, Map<MacAddress, Long>> recent = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Map<MacAddress, Long>> eldest) {
            return size() > 10_000;
        }
    };
    private static final int BATCH = 500;
    private static final int MAX_UNWRITTEN = 10_000;
    private final Queue<Sighting> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger unwritten = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean();
    private ExecutorService writer;
    private ScheduledExecutorService reloader;

    @Activate
    void activate() {
        writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pxe-guid-sightings");
            t.setDaemon(true);
            return t;
        });
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
        // Not shutdownNow(): an interrupt during a query can make H2 close its file.
        reloader.shutdown();
    }

    @Override
    public boolean isBanned(UUID guid) {
        // Shared by many machines by definition, so banned without being listed.
        if (PlaceholderGuids.contains(guid)) {
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
        long now = System.nanoTime();
        Instant when = Instant.now();
        List<Sighting> news = new ArrayList<>(2);
        synchronized (recent) {
            Map<MacAddress, Long> macs = recent.computeIfAbsent(guid, g -> new HashMap<>(4));
            Long last = macs.get(mac);
            if (last != null && now - last < SIGHTING_INTERVAL_NANOS) {
                return;
            }
            if (last == null && macs.size() >= MAX_MACS_PER_GUID) {
                // Shared by that many machines already: more of them would add rows, not news.
                return;
            }
            macs.put(mac, now);
            if (macs.size() < 2) {
                // A GUID seen from one MAC is what every machine sends: nothing to find, nothing written.
                return;
            }
            if (macs.size() == 2 && last == null) {
                // The second MAC makes it a duplicate: the first one is written too.
                macs.forEach((other, seen) -> {
                    if (!other.equals(mac)) {
                        news.add(new Sighting(guid, other, when.minusNanos(now - seen)));
                    }
                });
            }
            news.add(new Sighting(guid, mac, when));
        }
        if (unwritten.addAndGet(news.size()) > MAX_UNWRITTEN) {
            // The database lags far behind: drop rather than queue without bound.
            unwritten.addAndGet(-news.size());
            return;
        }
        pending.addAll(news);
        if (writing.compareAndSet(false, true)) {
            writer.execute(this::writePending);
        }
    }

    /**
     * Writes what is pending in batches, one transaction each: in a boot storm, sightings arrive
     * far faster than one commit apiece would allow. Runs on the writer thread only.
     */
    private void writePending() {
        try {
            while (!pending.isEmpty()) {
                List<Sighting> batch = new ArrayList<>(BATCH);
                Sighting next;
                while (batch.size() < BATCH && (next = pending.poll()) != null) {
                    batch.add(next);
                }
                write(batch);
            }
        } finally {
            writing.set(false);
        }
        // A sighting added after the last poll, but before the flag was cleared, still gets written.
        if (!pending.isEmpty() && writing.compareAndSet(false, true)) {
            writer.execute(this::writePending);
        }
    }

    private void write(List<Sighting> batch) {
        if (batch.isEmpty()) {
            return;
        }
        unwritten.addAndGet(-batch.size());
        try {
            store.recordSightings(batch);
        } catch (RuntimeException e) {
            LOG.debug("Cannot record {} GUID sightings: {}", batch.size(), e.getMessage());
        }
    }
}
