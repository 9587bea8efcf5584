package org.karafpxe.dhcp.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of the responder.
 *
 * @param listeners each port the responder is configured for, and whether it listens
 * @param counters  packet counts by outcome (received, offers, acks, ignored, ...) and by drop
 *                  reason ({@code dropped.<reason>}), in a stable order
 */
public record DhcpStatistics(List<Listener> listeners, Map<String, Long> counters) {

    public DhcpStatistics {
        listeners = List.copyOf(listeners);
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
    }

    /**
     * @param name      "proxy" (port 67) or "pxe" (port 4011)
     * @param address   the address and port configured
     * @param listening whether the socket is open
     * @param problem   why it is not listening (disabled, or the bind error explained), or empty
     */
    public record Listener(String name, String address, boolean listening, String problem) {
    }

    public long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }
}
