package org.karafpxe.http.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * The servlet's counters, updated from every request thread. Owned by the component, so a change
 * of path in the configuration keeps them.
 */
final class HttpCounters {
    final LongAdder requests = new LongAdder();
    final LongAdder served = new LongAdder();
    final LongAdder partial = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder notFound = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder unsatisfiable = new LongAdder();
    final LongAdder abortedByClient = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder tasksCleared = new LongAdder();

    /** The counters at one moment (each read on its own: a request in progress may show in some only). */
    record Snapshot(long requests, long served, long partial, long bytesSent, long notFound, long refused,
            long unsatisfiable, long abortedByClient, long failed, long tasksCleared) {
    }

    Snapshot snapshot() {
        return new Snapshot(requests.sum(), served.sum(), partial.sum(), bytesSent.sum(), notFound.sum(),
                refused.sum(), unsatisfiable.sum(), abortedByClient.sum(), failed.sum(), tasksCleared.sum());
    }

    @Override
    public String toString() {
        Snapshot s = snapshot();
        return s.requests() + " requests: " + s.served() + " files served (" + s.partial() + " of them in part), "
                + s.bytesSent() + " bytes sent, " + s.notFound() + " not found, " + s.refused() + " refused, "
                + s.unsatisfiable() + " unsatisfiable ranges, " + s.abortedByClient() + " left by the client, "
                + s.failed() + " failed, " + s.tasksCleared() + " boot tasks cleared";
    }
}
