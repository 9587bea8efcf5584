package org.karafpxe.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The boot file sources in the order they are asked: highest ranking first, and among equal rankings the
 * one registered first (lowest service id), as the framework orders services. Requests read an immutable
 * snapshot, so a source joining or leaving never disturbs a request being served. The file servers
 * (TFTP, HTTP) keep their sources in one, so that both ask them in the same order.
 *
 * @deprecated The server's own plumbing, not part of the provider SPI: kept unchanged so that
 *             providers built against earlier releases resolve; it goes in the next major release.
 */
@Deprecated(since = "1.7", forRemoval = true)
public final class RankedBootFileSources {

    public record Entry(BootFileSource source, int ranking, long serviceId, String name) {
    }

    private static final Comparator<Entry> ORDER = Comparator.comparingInt(Entry::ranking).reversed()
            .thenComparingLong(Entry::serviceId);

    private final List<Entry> entries = new ArrayList<>();
    private volatile List<Entry> ordered = List.of();
    private volatile List<BootFileSource> snapshot = List.of();

    /** Adds or replaces the source with the entry's service id; returns the entry it replaced, or null. */
    public synchronized Entry put(Entry entry) {
        Entry previous = null;
        for (Entry e : entries) {
            if (e.serviceId() == entry.serviceId()) {
                previous = e;
            }
        }
        entries.remove(previous);
        entries.add(entry);
        publish();
        return previous;
    }

    public synchronized void remove(long serviceId) {
        entries.removeIf(e -> e.serviceId() == serviceId);
        publish();
    }

    /** The sources to ask, in order. */
    public List<BootFileSource> snapshot() {
        return snapshot;
    }

    /** The entries, in order. */
    public List<Entry> entries() {
        return ordered;
    }

    private void publish() {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(ORDER);
        ordered = List.copyOf(sorted);
        snapshot = sorted.stream().map(Entry::source).toList();
    }
}
