package org.karafpxe.web.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.karafpxe.engine.BootChain;
import org.karafpxe.engine.DecisionTimes;
import org.karafpxe.engine.RequestRecord;
import org.karafpxe.http.HttpBootFiles;
import org.karafpxe.http.HttpFetch;
import org.karafpxe.store.AuditEntry;
import org.karafpxe.store.AuditTrail;
import org.karafpxe.store.Device;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.support.Json;
import org.karafpxe.tftp.TftpService;
import org.karafpxe.tftp.TftpSessionInfo;
import org.karafpxe.tftp.TftpTransfer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live events (server-sent events): decisions, TFTP transfers starting, moving and ending,
 * changes in the audit trail, and the counters every two seconds. It looks at the server twice a
 * second, and only while someone listens: the boot path does not pay for it. A listener that cannot
 * keep up (its socket's buffer full) is disconnected; its browser reconnects.
 */
final class EventStream {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    static final long TICK_MS = 500;
    private static final int STATS_EVERY = 4;
    private static final int PING_EVERY = 30;
    private static final int HISTORY_LOOK = 1000;
    /**
     * Events of one kind sent per look at most: in a storm of thousands of machines the page cannot
     * show each one anyway, and encoding them all would take CPU from the machines booting. What is
     * left out is counted in a {@code skipped} event.
     */
    static final int MAX_PER_TICK = 50;

    private final Services services;
    private final ScheduledExecutorService timer;
    private final int max;
    private final Set<Channel> listeners = ConcurrentHashMap.newKeySet();
    private final Neighbours neighbours;
    private ScheduledFuture<?> ticking;

    /* Touched on the timer's thread only. */
    private RequestRecord lastDecision;
    private Map<String, TftpSessionInfo> transfers = new HashMap<>();
    private TftpTransfer lastTransfer;
    private HttpFetch lastFetch;
    private long lastAuditId = -1;
    private long ticks;

    EventStream(Services services, ScheduledExecutorService timer, int max, Neighbours neighbours) {
        this.services = services;
        this.neighbours = neighbours;
        this.timer = timer;
        this.max = max;
    }

    /** Adds a listener whose response headers were sent; false if there are {@code events.max} already. */
    synchronized boolean add(Channel channel) {
        if (listeners.size() >= max) {
            return false;
        }
        if (listeners.isEmpty()) {
            // From now on: what happened before the first listener is in GET /api/requests.
            lastDecision = newest();
            transfers = new HashMap<>();
            TftpService tftp = services.tftp();
            List<TftpTransfer> ended = tftp == null ? List.of() : tftp.recentTransfers(1);
            lastTransfer = ended.isEmpty() ? null : ended.get(0);
            HttpBootFiles http = services.http();
            List<HttpFetch> fetched = http == null ? List.of() : http.recentFetches(1);
            lastFetch = fetched.isEmpty() ? null : fetched.get(0);
            lastAuditId = -1;
            ticking = timer.scheduleWithFixedDelay(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
        }
        listeners.add(channel);
        channel.closeFuture().addListener(f -> remove(channel));
        write(channel, "retry: 3000\n\n");
        return true;
    }

    private synchronized void remove(Channel channel) {
        if (listeners.remove(channel) && listeners.isEmpty() && ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
    }

    synchronized void close() {
        if (ticking != null) {
            ticking.cancel(false);
        }
        listeners.forEach(Channel::close);
        listeners.clear();
    }

    private RequestRecord newest() {
        BootChain chain = services.chain();
        List<RequestRecord> r = chain == null ? List.of() : chain.recent(1);
        return r.isEmpty() ? null : r.get(0);
    }

    private void tick() {
        try {
            ticks++;
            decisions();
            transfers();
            fetches();
            if (ticks % STATS_EVERY == 1) {
                changes();
                send("stats", Json.write(stats()));
            }
            if (ticks % PING_EVERY == 0) {
                broadcast(": ping\n\n");
            }
        } catch (RuntimeException e) {
            LOG.warn("Live events: {}", e.toString());
            LOG.debug("Live events", e);
        }
    }

    private void decisions() {
        BootChain chain = services.chain();
        if (chain == null) {
            return;
        }
        List<RequestRecord> recent = chain.recent(HISTORY_LOOK);
        List<RequestRecord> fresh = new ArrayList<>();
        for (RequestRecord r : recent) {
            if (r == lastDecision || (lastDecision != null && r.time().isBefore(lastDecision.time()))) {
                break;
            }
            fresh.add(r);
        }
        if (fresh.isEmpty()) {
            return;
        }
        lastDecision = fresh.get(0);
        skipped("decision", fresh);
        Collections.reverse(fresh);
        for (RequestRecord r : fresh) {
            send("decision", Json.write(Views.decision(r)));
        }
    }

    private void transfers() {
        TftpService tftp = services.tftp();
        if (tftp == null) {
            return;
        }
        Map<String, TftpSessionInfo> now = new HashMap<>();
        int sent = 0;
        int left = 0;
        for (TftpSessionInfo s : tftp.sessions()) {
            String id = Views.transferId(s);
            TftpSessionInfo before = transfers.get(id);
            if (before != null && before.bytesSent() == s.bytesSent()) {
                now.put(id, s);
            } else if (sent < MAX_PER_TICK) {
                now.put(id, s);
                sent++;
                send("transfer", Json.write(Views.transfer(s, "running", neighbours.mac(s))));
            } else {
                // Not sent: kept as it was, so that it is sent at a later look.
                if (before != null) {
                    now.put(id, before);
                }
                left++;
            }
        }
        transfers = now;
        if (left > 0) {
            send("skipped", Json.write(Views.ordered("kind", "transfer", "skipped", left)));
        }
        // Ended ones from the server's own list: a transfer shorter than a look is seen there too.
        List<TftpTransfer> fresh = newerThan(tftp.recentTransfers(TftpService.RECENT_KEPT), lastTransfer);
        if (!fresh.isEmpty()) {
            lastTransfer = fresh.get(0);
            skipped("transfer", fresh);
            Collections.reverse(fresh);
            fresh.forEach(t -> send("transfer", Json.write(Views.ended(t, neighbours.mac(t.transfer())))));
        }
    }

    /** The items of a newest-first list before {@code last} (the newest seen at the look before): the new ones. */
    private static <T> List<T> newerThan(List<T> newestFirst, T last) {
        List<T> fresh = new ArrayList<>();
        for (T item : newestFirst) {
            if (item == last) {
                break;
            }
            fresh.add(item);
        }
        return fresh;
    }

    /** HTTP requests answered since the last look: script fetches and completion callbacks among them. */
    private void fetches() {
        HttpBootFiles http = services.http();
        if (http == null) {
            return;
        }
        List<HttpFetch> fresh = newerThan(http.recentFetches(HttpBootFiles.RECENT_KEPT), lastFetch);
        if (!fresh.isEmpty()) {
            lastFetch = fresh.get(0);
            skipped("fetch", fresh);
            Collections.reverse(fresh);
            fresh.forEach(f -> send("fetch", Json.write(Views.fetch(f, neighbours.mac(f.client())))));
        }
    }


    /** Keeps the newest {@link #MAX_PER_TICK} of a newest-first list, and says how many went. */
    private void skipped(String kind, List<?> newestFirst) {
        int over = newestFirst.size() - MAX_PER_TICK;
        if (over > 0) {
            newestFirst.subList(MAX_PER_TICK, newestFirst.size()).clear();
            send("skipped", Json.write(Views.ordered("kind", kind, "skipped", over)));
        }
    }

    private void changes() {
        AuditTrail trail = services.audit();
        if (trail == null) {
            return;
        }
        List<AuditEntry> entries;
        try {
            entries = trail.auditEntries(Optional.empty(), Optional.of(Instant.now().minusSeconds(60)), 200);
        } catch (RuntimeException e) {
            LOG.debug("Live events: the audit trail cannot be read", e);
            return;
        }
        List<AuditEntry> fresh = new ArrayList<>();
        long newest = lastAuditId;
        for (AuditEntry e : entries) {
            if (e.id() > lastAuditId) {
                fresh.add(e);
                newest = Math.max(newest, e.id());
            }
        }
        boolean first = lastAuditId < 0;
        lastAuditId = Math.max(newest, 0);
        if (first) {
            return;
        }
        fresh.sort((a, b) -> Long.compare(a.id(), b.id()));
        for (AuditEntry e : fresh) {
            send("change", Json.write(Views.ordered("at", e.at(), "actor", e.actor(), "action", e.action(),
                    "subject", e.subject(), "mac", taskMac(e))));
        }
    }

    /**
     * The MAC of the device whose task was taken (a one-shot task served) or done (its completion
     * callback), so that the page shows it as a step of that machine; empty for other changes.
     */
    private Optional<String> taskMac(AuditEntry e) {
        PolicyStore store = services.store();
        if (store == null || e.subject() == null || !(e.action().equals("task-taken") || e.action().equals("task-done"))) {
            return Optional.empty();
        }
        try {
            return store.find(e.subject()).flatMap(Device::mac).map(Object::toString);
        } catch (RuntimeException notFound) {
            return Optional.empty();
        }
    }

    Map<String, Object> stats() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("at", Instant.now());
        try {
            m.put("dhcp", services.dhcp() == null ? Map.of() : services.dhcp().statistics().counters());
            m.put("tftp", services.tftp() == null ? Map.of() : Views.tftp(services.tftp().statistics()));
        } catch (RuntimeException e) {
            LOG.debug("Live events: counters", e);
        }
        BootChain chain = services.chain();
        DecisionTimes t = chain == null ? DecisionTimes.NONE : chain.decisionTimes();
        m.put("decisions", Views.ordered("count", t.decisions(), "p50ms", t.p50().toNanos() / 1e6,
                "p99ms", t.p99().toNanos() / 1e6));
        return m;
    }

    private void send(String event, String json) {
        broadcast("event: " + event + "\ndata: " + json + "\n\n");
    }

    private void broadcast(String text) {
        for (Channel c : listeners) {
            write(c, text);
        }
    }

    private void write(Channel channel, String text) {
        if (!channel.isActive()) {
            return;
        }
        if (!channel.isWritable()) {
            LOG.debug("Live events: {} does not keep up; disconnected", channel.remoteAddress());
            channel.close();
            return;
        }
        channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
    }
}
