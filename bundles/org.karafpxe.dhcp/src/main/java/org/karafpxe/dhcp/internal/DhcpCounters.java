package org.karafpxe.dhcp.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.karafpxe.dhcp.DropReason;

/** Packet counts by outcome, cheap to bump from many threads, listed in a stable order. */
final class DhcpCounters {
    static final String RECEIVED = "received";
    static final String OFFERS = "answered.offer";
    static final String ACKS = "answered.ack";
    static final String IGNORED_BY_CHAIN = "ignored.by-chain";
    static final String IGNORED_NOT_PXE = "ignored.not-pxe-client";
    static final String IGNORED_MESSAGE_TYPE = "ignored.message-type";
    static final String IGNORED_HTTP_WITHOUT_URL = "ignored.http-client-without-url";
    static final String DROPPED_NOT_REQUEST = "dropped.not-a-request";
    static final String DROPPED_NO_HARDWARE_ADDRESS = "dropped.no-hardware-address";
    static final String DROPPED_UNSAFE_DESTINATION = "dropped.unsafe-destination";
    static final String IGNORED_ANSWER_BUDGET = "ignored.answer-budget";
    static final String FAILED_REPLY_TOO_LARGE = "failed.reply-too-large";
    static final String FAILED_SEND = "failed.send";
    static final String V6_RECEIVED = "v6.received";
    static final String V6_ADVERTISED = "v6.answered.advertise";
    static final String V6_IGNORED = "v6.ignored";
    static final String V6_DROPPED = "v6.dropped.malformed";

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final String[] order;

    DhcpCounters() {
        List<String> names = new ArrayList<>(List.of(RECEIVED, OFFERS, ACKS,
                IGNORED_BY_CHAIN, IGNORED_NOT_PXE, IGNORED_MESSAGE_TYPE, IGNORED_HTTP_WITHOUT_URL,
                IGNORED_ANSWER_BUDGET, DROPPED_NOT_REQUEST, DROPPED_NO_HARDWARE_ADDRESS, DROPPED_UNSAFE_DESTINATION));
        for (DropReason reason : DropReason.values()) {
            names.add(dropped(reason));
        }
        names.add(FAILED_REPLY_TOO_LARGE);
        names.add(FAILED_SEND);
        names.addAll(List.of(V6_RECEIVED, V6_ADVERTISED, V6_IGNORED, V6_DROPPED));
        order = names.toArray(new String[0]);
        for (String name : order) {
            counters.put(name, new LongAdder());
        }
    }

    static String dropped(DropReason reason) {
        return "dropped." + reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    void count(String name) {
        counters.computeIfAbsent(name, n -> new LongAdder()).increment();
    }

    Map<String, Long> snapshot() {
        Map<String, Long> result = new LinkedHashMap<>();
        for (String name : order) {
            result.put(name, counters.get(name).sum());
        }
        return result;
    }
}
