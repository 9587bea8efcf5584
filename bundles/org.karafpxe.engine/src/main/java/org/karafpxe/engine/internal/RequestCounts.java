package org.karafpxe.engine.internal;

import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.ExchangePort;
import org.karafpxe.engine.ChainResult;
import org.karafpxe.engine.RequestCount;
import org.karafpxe.engine.RequestRecord;

/**
 * Requests decided, by port, client, outcome and deciding provider. The labels come from the server
 * (ports, three client kinds, provider names), never from what a client sends, so the table stays
 * small; it is capped all the same, and a combination beyond the cap is counted under provider
 * {@value #OTHER}.
 */
final class RequestCounts {
    static final int MAX_KEYS = 4096;
    static final String OTHER = "other";

    private record Key(int port, String client, String outcome, String decidedBy) {
    }

    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();

    void count(RequestRecord record) {
        BootRequest q = record.request();
        ChainResult r = record.result();
        int port = q.port() == ExchangePort.PXE_BOOT_SERVER ? 4011
                : q.serverAddress() instanceof Inet6Address ? 547 : 67;
        String client = q.isIpxe() ? "iPXE" : q.isHttpClient() ? "HTTP" : "PXE";
        Key key = new Key(port, client, record.outcome(), r.decidedBy());
        LongAdder adder = counts.get(key);
        if (adder == null) {
            if (counts.size() >= MAX_KEYS) {
                key = new Key(port, client, record.outcome(), OTHER);
            }
            adder = counts.computeIfAbsent(key, k -> new LongAdder());
        }
        adder.increment();
    }

    List<RequestCount> snapshot() {
        List<RequestCount> list = new ArrayList<>(counts.size());
        counts.forEach((k, v) -> list.add(new RequestCount(k.port(), k.client(), k.outcome(), k.decidedBy(), v.sum())));
        return list;
    }
}
