package org.karafpxe.shell.internal;

import java.io.PrintStream;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.Device;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.UnknownDeviceException;

/** Takes a device's boot task away. */
@Command(scope = "pxe", name = "task-clear", description = "Clears the boot task of a prestaged device: at its "
        + "next network boot it boots locally, or gets its own boot program.")
@Service
public class TaskClearCommand extends StoreCommand {

    @Argument(index = 0, name = "device", required = true, description = "The device's name (any case) or id")
    @Completion(DeviceCompleter.class)
    private String device;

    @Override
    void run(PolicyStore store, PrintStream out) {
        Device d = store.find(device).orElseThrow(() -> new UnknownDeviceException(device));
        String which = "device '" + d.name() + "' (id " + d.id() + ")";
        Optional<BootTask> task = d.task();
        if (task.isEmpty()) {
            out.println("Device '" + d.name() + "' (id " + d.id() + ") has no boot task: nothing to clear.");
            return;
        }
        store.setTask(Long.toString(d.id()), Optional.empty());
        out.println("Cleared the " + (task.get().oneShot() ? "one-shot task" : "task for every boot") + " of "
                + which + ", which began: " + TaskFormat.firstLine(task.get()));
    }
}
