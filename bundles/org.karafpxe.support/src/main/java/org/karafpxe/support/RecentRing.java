package org.karafpxe.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last N items added, in a ring that many threads write without locking (in a boot storm
 * thousands of requests a second pass through one); the oldest is overwritten.
 */
public final class RecentRing<T> {
    private final AtomicReferenceArray<T> ring;
    private final AtomicLong written = new AtomicLong();

    public RecentRing(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a ring holds at least one item, not " + size);
        }
        ring = new AtomicReferenceArray<>(size);
    }

    public int capacity() {
        return ring.length();
    }

    public void add(T item) {
        long slot = written.getAndIncrement();
        ring.set((int) (slot % ring.length()), item);
    }

    /** Newest first, at most {@code limit}. */
    public List<T> newest(int limit) {
        long end = written.get();
        int n = (int) Math.min(Math.min(Math.max(limit, 0), ring.length()), end);
        List<T> result = new ArrayList<>(n);
        for (long i = end - 1; i >= end - n; i--) {
            T item = ring.get((int) (i % ring.length()));
            if (item != null) {
                result.add(item);
            }
        }
        return result;
    }
}
