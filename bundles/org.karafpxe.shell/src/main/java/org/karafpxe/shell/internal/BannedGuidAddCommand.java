package org.karafpxe.shell.internal;

import java.io.PrintStream;
import java.util.Optional;
import java.util.UUID;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.karafpxe.store.BannedGuid;
import org.karafpxe.store.Device;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.support.Arguments;

/** Bans a GUID that many machines share, as WDSUTIL /Set-Server /BannedGuidPolicy /Add does. */
@Command(scope = "pxe", name = "banned-guid-add", description = "Bans a GUID that several machines report "
        + "(see pxe:duplicate-guids): clients sending it are known by their MAC instead.")
@Service
public class BannedGuidAddCommand extends StoreCommand {

    static final String DEFAULT_REASON = "shared by several machines";

    @Argument(index = 0, name = "guid", required = true, description = "The GUID, e.g. "
            + "4c4c4544-0042-3510-8052-b4c04f564433 (braces allowed)")
    private String guid;

    @Option(name = "--reason", description = "Why, for the next operator (one line, up to 255 characters); "
            + "default '" + DEFAULT_REASON + "'")
    private String reason;

    @Override
    void run(PolicyStore store, PrintStream out) {
        UUID banned = Arguments.guid(guid);
        Optional<BannedGuid> existing = store.bannedGuids().stream().filter(b -> b.guid().equals(banned)).findFirst();
        if (existing.isPresent() && reason == null) {
            // Banning again would only replace the reason given then by the default one.
            out.println("GUID " + banned + " is banned already, since " + DeviceFormat.time(existing.get().bannedAt())
                    + ": " + existing.get().reason() + ". Give --reason to change the reason.");
            return;
        }
        store.banGuid(banned, reason == null ? DEFAULT_REASON : reason);
        out.println((existing.isPresent() ? "Changed the reason of the ban of GUID " : "Banned GUID ") + banned + ": "
                + (reason == null ? DEFAULT_REASON : reason));
        for (Device d : store.list()) {
            if (d.guid().equals(Optional.of(banned))) {
                out.println(d.mac().isPresent()
                        ? "Device '" + d.name() + "' has this GUID: it is now recognised by its MAC " + d.mac().get()
                                + " only."
                        : "Device '" + d.name() + "' has this GUID and no MAC: it is no longer recognised when it "
                                + "boots; give it its MAC with pxe:device-set " + d.name() + " --mac <mac>.");
            }
        }
    }
}
