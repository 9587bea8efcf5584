package org.karafpxe.shell.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.karafpxe.store.DuplicateGuid;
import org.karafpxe.store.PolicyStore;

/** The GUIDs that booting clients sent from more than one MAC: the candidates for a ban. */
@Command(scope = "pxe", name = "duplicate-guids", description = "Lists the GUIDs seen from more than one MAC "
        + "(often a model whose firmware gives every unit the same GUID), and whether each is banned.")
@Service
public class DuplicateGuidsCommand extends StoreCommand {

    @Override
    void run(PolicyStore store, PrintStream out) {
        List<DuplicateGuid> duplicates = store.duplicateGuids();
        ShellTable table = new ShellTable();
        table.column("GUID");
        table.column("MACs");
        table.column("Last seen");
        table.column("Banned");
        for (DuplicateGuid d : duplicates) {
            String macs = d.macs().stream().map(Object::toString).collect(Collectors.joining(", "));
            table.addRow().addContent(d.guid(), macs, DeviceFormat.time(d.lastSeen()), d.banned() ? "yes" : "no");
        }
        table.emptyTableText("No GUID has been seen from more than one MAC.");
        table.print(out);
        if (duplicates.stream().anyMatch(d -> !d.banned())) {
            out.println("A GUID that several machines share matches them all to one device; ban it with "
                    + "pxe:banned-guid-add <guid>.");
        }
    }
}
