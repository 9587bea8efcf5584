package org.karafpxe.store.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.karafpxe.store.StoreOperations;
import org.karafpxe.support.LatencyBuckets;

/**
 * The times and failures of the store's database calls, by kind; kept by the component across the
 * store's reopenings.
 */
final class OperationClocks {
    enum Kind {
        READ, WRITE, BOOKKEEPING
    }

    private final LatencyBuckets[] times = new LatencyBuckets[Kind.values().length];
    private final LongAdder[] failures = new LongAdder[Kind.values().length];

    OperationClocks() {
        for (int i = 0; i < times.length; i++) {
            times[i] = new LatencyBuckets();
            failures[i] = new LongAdder();
        }
    }

    void record(Kind kind, long nanos, boolean failed) {
        times[kind.ordinal()].record(nanos);
        if (failed) {
            failures[kind.ordinal()].increment();
        }
    }

    List<StoreOperations> snapshot() {
        List<StoreOperations> list = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            LatencyBuckets b = times[kind.ordinal()];
            List<Long> counts = new ArrayList<>();
            for (long c : b.cumulative(StoreOperations.BOUNDS)) {
                counts.add(c);
            }
            list.add(new StoreOperations(kind.name().toLowerCase(java.util.Locale.ROOT), b.count(),
                    failures[kind.ordinal()].sum(), b.sumNanos() / 1e9, StoreOperations.BOUNDS, counts));
        }
        return list;
    }
}
