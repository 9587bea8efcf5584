package org.karafpxe.shell.internal;

import java.io.PrintStream;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.karafpxe.store.PendingDevice;
import org.karafpxe.store.PendingDevices;
import org.karafpxe.store.PolicyStore;

/** A command on records of the pending queue named by number or MAC: reject, delete. */
abstract class PendingRecordsCommand extends PendingCommand {

    @Argument(index = 0, name = "machines", required = true, multiValued = true, description = "The pending "
            + "machines, by number or MAC, as pxe:pending-list shows them")
    private List<String> machines;

    @Override
    final void run(PolicyStore store, PendingDevices pending, PrintStream out) {
        for (PendingDevice p : PendingMachines.named(pending, machines)) {
            out.println(apply(pending, p));
        }
    }

    /** Does the command's work on one record; returns what to print. */
    abstract String apply(PendingDevices pending, PendingDevice record);
}
