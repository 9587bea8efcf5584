package org.karafpxe.shell.internal;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.karafpxe.store.PendingDevices;
import org.karafpxe.store.PolicyStore;

/** A command on the machines held for approval (WDS's pending devices). */
abstract class PendingCommand extends StoreCommand {

    /* Optional, as the store itself: see StoreCommand. */
    @Reference(optional = true)
    private PendingDevices pending;

    @Override
    final void run(PolicyStore store, PrintStream out) {
        run(store, PendingMachines.running(pending), out);
    }

    abstract void run(PolicyStore store, PendingDevices pending, PrintStream out);
}
