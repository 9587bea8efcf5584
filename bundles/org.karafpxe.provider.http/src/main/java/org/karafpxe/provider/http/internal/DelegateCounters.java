package org.karafpxe.provider.http.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** What the provider did since it started: requests, cache hits, answers by action, errors by kind. */
final class DelegateCounters {
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong cacheHits = new AtomicLong();
    private final AtomicLongArray answered = new AtomicLongArray(Answered.values().length);
    private final AtomicLongArray errors = new AtomicLongArray(CallError.values().length);

    void request() {
        requests.incrementAndGet();
    }

    void cacheHit() {
        cacheHits.incrementAndGet();
    }

    void answered(Answered how) {
        answered.incrementAndGet(how.ordinal());
    }

    void error(CallError kind) {
        errors.incrementAndGet(kind.ordinal());
    }

    long requests() {
        return requests.get();
    }

    long cacheHits() {
        return cacheHits.get();
    }

    long answers(Answered how) {
        return answered.get(how.ordinal());
    }

    long errors(CallError kind) {
        return errors.get(kind.ordinal());
    }

    long errors() {
        long sum = 0;
        for (CallError kind : CallError.values()) {
            sum += errors(kind);
        }
        return sum;
    }

    Map<CallError, Long> errorsByKind() {
        Map<CallError, Long> byKind = new EnumMap<>(CallError.class);
        for (CallError kind : CallError.values()) {
            byKind.put(kind, errors(kind));
        }
        return byKind;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(requests()).append(" requests, ").append(cacheHits()).append(" answered from the cache; answers:");
        for (Answered how : Answered.values()) {
            s.append(' ').append(how.label()).append(' ').append(answers(how)).append(how.ordinal()
                    < Answered.values().length - 1 ? "," : ";");
        }
        s.append(" errors:");
        for (CallError kind : CallError.values()) {
            s.append(' ').append(kind.label()).append(' ').append(errors(kind)).append(kind.ordinal()
                    < CallError.values().length - 1 ? "," : "");
        }
        return s.toString();
    }
}
