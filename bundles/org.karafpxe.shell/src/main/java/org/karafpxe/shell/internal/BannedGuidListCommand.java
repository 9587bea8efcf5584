package org.karafpxe.shell.internal;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.karafpxe.store.BannedGuid;
import org.karafpxe.store.PolicyStore;

/** Lists the banned GUIDs. */
@Command(scope = "pxe", name = "banned-guid-list", description = "Lists the banned GUIDs, with when and why "
        + "each was banned.")
@Service
public class BannedGuidListCommand extends StoreCommand {

    @Override
    void run(PolicyStore store, PrintStream out) {
        ShellTable table = new ShellTable();
        table.column("GUID");
        table.column("Banned");
        table.column("Reason");
        for (BannedGuid b : store.bannedGuids()) {
            table.addRow().addContent(b.guid(), DeviceFormat.time(b.bannedAt()), b.reason());
        }
        table.emptyTableText("No GUID is banned.");
        table.print(out);
    }
}
