package org.karafpxe.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.karafpxe.engine.RequestRecord;

/**
 * The last N decisions, in a ring that request threads write without locking: in a boot storm
 * thousands of requests a second pass through here.
 */
final class RequestHistory {
    private final AtomicReferenceArray<RequestRecord> ring;
    private final AtomicLong written = new AtomicLong();

    RequestHistory(int size) {
        ring = new AtomicReferenceArray<>(size);
    }

    int capacity() {
        return ring.length();
    }

    void add(RequestRecord record) {
        long slot = written.getAndIncrement();
        ring.set((int) (slot % ring.length()), record);
    }

    /** Newest first. */
    List<RequestRecord> recent(int limit) {
        long end = written.get();
        int n = (int) Math.min(Math.min(limit, ring.length()), end);
        List<RequestRecord> result = new ArrayList<>(n);
        for (long i = end - 1; i >= end - n; i--) {
            RequestRecord r = ring.get((int) (i % ring.length()));
            if (r != null) {
                result.add(r);
            }
        }
        return result;
    }
}
