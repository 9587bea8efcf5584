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
    static final String DROPPED_NOT_REQUEST = "dropped.not-a-request";
    static final String DROPPED_NO_HARDWARE_ADDRESS = "dropped.no-hardware-address";
    static final String DROPPED_UNSAFE_DESTINATION = "dropped.unsafe-destination";
    static final String IGNORED_ANSWER_BUDGET = "ignored.answer-budget";
    static final String FAILED_REPLY_TOO_LARGE = "failed.reply-too-large";
    static final String FAILED_SEND = "failed.send";
    /** DHCPv6 counts under the IPv4 names with this prefix: an ADVERTISE counts as an offer, a REPLY as an ack. */
    static final String V6 = "v6.";
    static final String V6_RECEIVED = V6 + RECEIVED;
    static final String V6_OFFERS = V6 + OFFERS;
    static final String V6_ACKS = V6 + ACKS;
    static final String V6_IGNORED_BY_CHAIN = V6 + IGNORED_BY_CHAIN;
    static final String V6_IGNORED_NOT_PXE = V6 + IGNORED_NOT_PXE;
    static final String V6_IGNORED_MESSAGE_TYPE = V6 + IGNORED_MESSAGE_TYPE;
    static final String V6_IGNORED_ANSWER_BUDGET = V6 + IGNORED_ANSWER_BUDGET;
    /** iPXE's SOLICITs decided and kept for its fetch of the hand-over script, not answered. */
    static final String V6_IPXE_HANDOFFS = V6 + "noted.ipxe-handoff";
    static final String V6_DROPPED_MALFORMED = V6 + "dropped.malformed";
    static final String V6_DROPPED_NOT_LINK_LOCAL = V6 + "dropped.not-link-local";
    static final String V6_DROPPED_NO_MAC = V6 + "dropped.no-hardware-address";
    static final String V6_FAILED_SEND = V6 + FAILED_SEND;

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final String[] order;

    DhcpCounters() {
        List<String> names = new ArrayList<>(List.of(RECEIVED, OFFERS, ACKS,
                IGNORED_BY_CHAIN, IGNORED_NOT_PXE, IGNORED_MESSAGE_TYPE,
                IGNORED_ANSWER_BUDGET, DROPPED_NOT_REQUEST, DROPPED_NO_HARDWARE_ADDRESS, DROPPED_UNSAFE_DESTINATION));
        for (DropReason reason : DropReason.values()) {
            names.add(dropped(reason));
        }
        names.add(FAILED_REPLY_TOO_LARGE);
        names.add(FAILED_SEND);
        names.addAll(List.of(V6_RECEIVED, V6_OFFERS, V6_ACKS, V6_IGNORED_BY_CHAIN, V6_IGNORED_NOT_PXE,
                V6_IGNORED_MESSAGE_TYPE, V6_IGNORED_ANSWER_BUDGET, V6_IPXE_HANDOFFS, V6_DROPPED_MALFORMED,
                V6_DROPPED_NOT_LINK_LOCAL, V6_DROPPED_NO_MAC, V6_FAILED_SEND));
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
