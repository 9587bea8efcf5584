package org.karafpxe.shell.internal;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.karafpxe.store.Device;
import org.karafpxe.store.PolicyStore;

/** Lists the prestaged devices, as WDSUTIL /Get-AllDevices does. */
@Command(scope = "pxe", name = "device-list", description = "Lists the prestaged devices by name: id, MAC, GUID, "
        + "boot program, referral server, group, task and when each last booted.")
@Service
public class DeviceListCommand extends StoreCommand {

    @Option(name = "--group", description = "Only the devices of this group (ignoring case)")
    private String group;

    @Override
    void run(PolicyStore store, PrintStream out) {
        ShellTable table = new ShellTable();
        table.column("Id").alignRight();
        table.column("Name");
        table.column("MAC");
        table.column("GUID");
        table.column("Boot program");
        table.column("Referral");
        table.column("Group");
        table.column("Task");
        table.column("Last seen");
        for (Device d : store.list()) {
            if (group == null || d.group().filter(group::equalsIgnoreCase).isPresent()) {
                table.addRow().addContent(d.id(), d.name(), DeviceFormat.value(d.mac()),
                        DeviceFormat.value(d.guid()), DeviceFormat.value(d.bootProgram()),
                        DeviceFormat.value(d.referralServer()), DeviceFormat.value(d.group()),
                        DeviceFormat.task(d.task()), DeviceFormat.lastSeen(d.lastSeen()));
            }
        }
        table.emptyTableText(group == null ? "No device is prestaged." : "No device is in group '" + group + "'.");
        table.print(out);
    }
}
