package org.karafpxe.shell.internal;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.karafpxe.store.PendingDevice;
import org.karafpxe.store.PendingDevices;
import org.karafpxe.store.PolicyStore;

/** Lists the machines held for approval, as WDS's Pending Devices node does. */
@Command(scope = "pxe", name = "pending-list", description = "Lists the machines held for an administrator's "
        + "approval (approval = true in the answer policy), and the rejected ones, most recently seen first.")
@Service
public class PendingListCommand extends PendingCommand {

    @Option(name = "--all", description = "Also the machines already approved")
    private boolean all;

    @Override
    void run(PolicyStore store, PendingDevices pending, PrintStream out) {
        ShellTable table = new ShellTable();
        for (String column : new String[] {"#", "MAC", "GUID", "Architecture", "Heard on", "Relay", "First seen",
            "Last seen", "Requests", "State"}) {
            table.column(column);
        }
        for (PendingDevice p : pending.listPending()) {
            if (all || p.state() != PendingDevice.State.APPROVED) {
                table.addRow().addContent(p.id(), p.mac(), DeviceFormat.value(p.guid()), p.architecture(), p.address(),
                        DeviceFormat.value(p.relay()), DeviceFormat.time(p.firstSeen()), DeviceFormat.time(p.lastSeen()),
                        p.requests(), p.state().key());
            }
        }
        table.emptyTableText("No machine waits for approval.");
        table.print(out);
        long evicted = pending.evicted();
        if (evicted > 0) {
            out.println(evicted + " machine(s) left the queue since this server started, the least recently seen "
                    + "first, to keep it within pending.max.");
        }
    }
}
