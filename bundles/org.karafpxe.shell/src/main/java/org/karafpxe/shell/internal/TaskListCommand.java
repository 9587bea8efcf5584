package org.karafpxe.shell.internal;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.Device;
import org.karafpxe.store.PolicyStore;

/** Lists the devices that have a boot task. */
@Command(scope = "pxe", name = "task-list", description = "Lists the prestaged devices that have a boot task: "
        + "whether it runs once or at every boot, and the first line of its script (pxe:device-show shows all).")
@Service
public class TaskListCommand extends StoreCommand {

    @Override
    void run(PolicyStore store, PrintStream out) {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("MAC");
        table.column("GUID");
        table.column("Runs");
        table.column("Script");
        for (Device d : store.list()) {
            if (d.task().isPresent()) {
                BootTask t = d.task().get();
                table.addRow().addContent(d.name(), DeviceFormat.value(d.mac()), DeviceFormat.value(d.guid()),
                        DeviceFormat.task(d.task()), TaskFormat.firstLine(t));
            }
        }
        table.emptyTableText("No device has a boot task.");
        table.print(out);
    }
}
