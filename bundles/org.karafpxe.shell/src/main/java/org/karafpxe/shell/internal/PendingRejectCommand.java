package org.karafpxe.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.karafpxe.store.PendingDevice;
import org.karafpxe.store.PendingDevices;

/** Rejects machines held for approval: they boot their next device, and are not held again. */
@Command(scope = "pxe", name = "pending-reject", description = "Rejects machines held for approval: each boots its "
        + "next device (a machine still waiting, within seconds), and is not held again until its record is "
        + "deleted (pxe:pending-delete).")
@Service
public class PendingRejectCommand extends PendingRecordsCommand {

    @Override
    String apply(PendingDevices pending, PendingDevice p) {
        pending.setState(p.id(), PendingDevice.State.REJECTED);
        return "Rejected " + PendingMachines.describe(p) + ": it boots its next device, until pxe:pending-delete "
                + p.id() + ".";
    }
}
