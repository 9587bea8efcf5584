package org.karafpxe.shell.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.karafpxe.store.PendingDevice;
import org.karafpxe.store.PendingDevices;

/** The pending machines a command names, by number or MAC, each once, in the order given. */
final class PendingMachines {

    private PendingMachines() {
    }

    /** The queue, when the store runs. */
    static PendingDevices running(PendingDevices pending) {
        if (pending == null) {
            throw new IllegalStateException(StoreCommand.STORE_NOT_RUNNING);
        }
        return pending;
    }

    static List<PendingDevice> named(PendingDevices pending, List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException("name the pending machines by their number or MAC, as "
                    + "pxe:pending-list shows them");
        }
        Map<Long, PendingDevice> found = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            pending.findPending(name).ifPresentOrElse(p -> found.putIfAbsent(p.id(), p), () -> unknown.add(name));
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("no pending machine " + String.join(", ", unknown)
                    + ": name them by their number or MAC, as pxe:pending-list shows them");
        }
        return List.copyOf(found.values());
    }

    static String describe(PendingDevice p) {
        return "pending #" + p.id() + " (" + p.mac() + p.guid().map(g -> ", GUID " + g).orElse("") + ")";
    }
}
