package org.karafpxe.tftp.internal;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts sessions, over all and per client address, so that one client (or a crowd) cannot open more
 * transfers than configured. A slot is taken when a request is accepted, before its file is opened, and
 * given back when the session ends.
 */
final class SessionSlots {

    enum Verdict { GRANTED, SERVER_FULL, CLIENT_FULL }

    private final Map<InetAddress, Integer> perClient = new HashMap<>();
    private int total;

    synchronized Verdict acquire(InetAddress client, int maxSessions, int maxPerClient) {
        if (total >= maxSessions) {
            return Verdict.SERVER_FULL;
        }
        int mine = perClient.getOrDefault(client, 0);
        if (mine >= maxPerClient) {
            return Verdict.CLIENT_FULL;
        }
        perClient.put(client, mine + 1);
        total++;
        return Verdict.GRANTED;
    }

    synchronized void release(InetAddress client) {
        Integer mine = perClient.get(client);
        if (mine == null) {
            return;
        }
        if (mine <= 1) {
            perClient.remove(client);
        } else {
            perClient.put(client, mine - 1);
        }
        total--;
    }

    synchronized int total() {
        return total;
    }
}
