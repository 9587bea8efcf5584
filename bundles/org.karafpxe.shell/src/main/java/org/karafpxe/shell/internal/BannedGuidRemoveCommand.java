package org.karafpxe.shell.internal;

import java.io.PrintStream;
import java.util.Optional;
import java.util.UUID;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.karafpxe.store.DuplicateGuid;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.support.Arguments;

/** Lifts the ban of a GUID. */
@Command(scope = "pxe", name = "banned-guid-remove", description = "Lifts the ban of a GUID: clients sending it "
        + "are matched to devices by it again.")
@Service
public class BannedGuidRemoveCommand extends StoreCommand {

    @Argument(index = 0, name = "guid", required = true, description = "The banned GUID (braces allowed)")
    @Completion(BannedGuidCompleter.class)
    private String guid;

    @Override
    void run(PolicyStore store, PrintStream out) {
        UUID unbanned = Arguments.guid(guid);
        if (!store.unbanGuid(unbanned)) {
            throw new IllegalArgumentException("GUID " + unbanned + " is not banned; pxe:banned-guid-list shows "
                    + "the banned GUIDs");
        }
        out.println("Lifted the ban of GUID " + unbanned + ".");
        Optional<DuplicateGuid> shared = store.duplicateGuids().stream().filter(d -> d.guid().equals(unbanned))
                .findFirst();
        // The reason it was banned, most likely, and the risk of lifting the ban.
        shared.ifPresent(d -> out.println("Note: it has been seen from " + d.macs().size() + " MACs; a device "
                + "prestaged with it would match all of those machines."));
    }
}
