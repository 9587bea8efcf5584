package org.karafpxe.dhcp.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.karafpxe.api.MacAddress;

/**
 * How many answers each client (by MAC) may get in a window of {@value #WINDOW_SECONDS} s: firmware
 * asks a few times in that time (DISCOVERs on 67, then 4011, then iPXE the same again), so a flood
 * of requests under one MAC, perhaps sent by unicast to be answered by broadcast, is answered no
 * more than a real client. Clients quiet for a window are forgotten, and at most
 * {@value #MAX_CLIENTS} are tracked, the least recently seen going first.
 */
final class AnswerBudget {
    static final int WINDOW_SECONDS = 10;
    static final int MAX_CLIENTS = 100_000;
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(WINDOW_SECONDS);

    private static final class Window {
        long start;
        long last;
        int answers;
    }

    private final int perWindow;
    private final Map<MacAddress, Window> windows = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<MacAddress, Window> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    /** @param perWindow answers a client may get in each window; 0: no limit */
    AnswerBudget(int perWindow) {
        this.perWindow = perWindow;
    }

    /** Whether the client may be answered now; counts the answer if so. */
    boolean take(MacAddress mac, long nowNanos) {
        return perWindow == 0 || counted(mac, nowNanos);
    }

    private synchronized boolean counted(MacAddress mac, long nowNanos) {
        Window w = windows.get(mac);
        if (w == null) {
            w = new Window();
            w.start = nowNanos;
            windows.put(mac, w);
        } else if (nowNanos - w.start >= WINDOW_NANOS) {
            w.start = nowNanos;
            w.answers = 0;
        }
        w.last = nowNanos;
        // Least recently seen first: clients quiet for a whole window are forgotten.
        for (var oldest = windows.values().iterator(); oldest.hasNext();) {
            Window o = oldest.next();
            if (nowNanos - o.last < WINDOW_NANOS) {
                break;
            }
            oldest.remove();
        }
        if (w.answers >= perWindow) {
            return false;
        }
        w.answers++;
        return true;
    }

    synchronized int tracked() {
        return windows.size();
    }
}
