package org.karafpxe.shell.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.karafpxe.store.PendingDevice;
import org.karafpxe.store.PendingDevices;
import org.karafpxe.store.PolicyStore;

/** Deletes old records of the pending queue, as WDSUTIL /Delete-AutoAddDevices does. */
@Command(scope = "pxe", name = "pending-clear", description = "Deletes the records of the pending queue in the "
        + "given states (pending, rejected, approved), all or those not seen for some days, as WDSUTIL "
        + "/Delete-AutoAddDevices does.")
@Service
public class PendingClearCommand extends PendingCommand {

    @Argument(index = 0, name = "states", required = true, multiValued = true, description = "pending, rejected "
            + "or approved, one or more")
    private List<String> states;

    @Option(name = "--older-than", description = "Only records not seen for this many days")
    private int days;

    @Override
    void run(PolicyStore store, PendingDevices pending, PrintStream out) {
        if (days < 0) {
            throw new IllegalArgumentException("--older-than " + days + ": give a number of days, 0 or more");
        }
        List<PendingDevice.State> chosen = new ArrayList<>();
        for (String state : states) {
            PendingDevice.State s;
            try {
                s = PendingDevice.State.valueOf(state.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + state + "' is not a state of the pending queue: give "
                        + "pending, rejected or approved", e);
            }
            chosen.add(s);
        }
        int deleted = pending.clearPending(chosen, Instant.now().minus(Duration.ofDays(days)));
        out.println("Deleted " + deleted + " record(s) of the pending queue.");
    }
}
