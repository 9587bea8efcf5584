package org.karafpxe.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.karafpxe.store.PendingDevice;
import org.karafpxe.store.PendingDevices;

/** Deletes records of the pending queue: a rejected machine is then held again at its next boot. */
@Command(scope = "pxe", name = "pending-delete", description = "Deletes records of the pending queue; a rejected "
        + "machine is held for approval again at its next boot.")
@Service
public class PendingDeleteCommand extends PendingRecordsCommand {

    @Override
    String apply(PendingDevices pending, PendingDevice p) {
        pending.deletePending(p.id());
        return "Deleted " + PendingMachines.describe(p) + ".";
    }
}
