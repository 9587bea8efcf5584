package org.karafpxe.provider.prestaged.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One-shot boot programs taken from the store as they were first answered, remembered for the rest
 * of that boot ({@value #WINDOW_SECONDS} seconds): the firmware asks more than once (the offer, its
 * request to port 4011, retries), and each answer of the same boot must name the same program. At
 * most {@value #MAX} are kept, the oldest going first.
 */
final class ProgramsInUse {
    static final long WINDOW_SECONDS = 60;
    static final int MAX = 10_000;

    private record InUse(String program, long since) {
    }

    private final LongSupplier nanoClock;
    private final Map<Long, InUse> byDevice = new LinkedHashMap<>();

    ProgramsInUse(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    synchronized void remember(long deviceId, String program) {
        long now = nanoClock.getAsLong();
        byDevice.remove(deviceId);
        byDevice.put(deviceId, new InUse(program, now));
        for (Iterator<InUse> oldest = byDevice.values().iterator(); oldest.hasNext();) {
            if (byDevice.size() <= MAX && !expired(oldest.next(), now)) {
                break;
            }
            oldest.remove();
        }
    }

    /** The program taken for the device during this boot, and how many seconds ago. */
    synchronized Optional<Map.Entry<String, Long>> recall(long deviceId) {
        InUse in = byDevice.get(deviceId);
        long now = nanoClock.getAsLong();
        if (in == null || expired(in, now)) {
            return Optional.empty();
        }
        return Optional.of(Map.entry(in.program(), TimeUnit.NANOSECONDS.toSeconds(now - in.since())));
    }

    private static boolean expired(InUse in, long now) {
        return now - in.since() >= TimeUnit.SECONDS.toNanos(WINDOW_SECONDS);
    }
}
