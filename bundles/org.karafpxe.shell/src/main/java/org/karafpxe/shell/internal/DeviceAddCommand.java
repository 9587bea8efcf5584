package org.karafpxe.shell.internal;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.support.Arguments;

/** Prestages a device, as WDSUTIL /Add-Device does. */
@Command(scope = "pxe", name = "device-add", description = "Prestages a device: a machine known by its MAC, "
        + "its SMBIOS GUID or both, with an optional boot program, referral server, group and boot task.")
@Service
public class DeviceAddCommand extends DeviceTaskCommand {

    @Argument(index = 0, name = "name", required = true, description = "The device's name: 1 to 64 letters, digits, "
            + "'.', '_' or '-', starting with a letter or digit, not digits only; unique ignoring case")
    private String name;

    @Option(name = "--mac", description = "Its MAC address, e.g. 52:54:00:12:34:56")
    private String mac;

    @Option(name = "--guid", description = "Its SMBIOS GUID, e.g. 4c4c4544-0042-3510-8052-b4c04f564433 "
            + "(braces allowed)")
    private String guid;

    @Option(name = "--boot-program", description = "A boot program instead of the architecture's default: "
            + "a path on the boot server (ipxe/snponly.efi) or a URL")
    private String bootProgram;

    @Option(name = "--referral-server", description = "Another boot server to send the device to: "
            + "a host name or IPv4 address")
    private String referralServer;

    @Option(name = "--group", description = "A label for sorting devices (a lab, a room)")
    private String group;


    @Override
    void run(PolicyStore store, PrintStream out) {
        if (mac == null && guid == null) {
            throw new IllegalArgumentException("give --mac, --guid or both: device '" + name
                    + "' is recognised by them when it boots");
        }
        DeviceDraft.Builder draft = DeviceDraft.builder(name).bootProgram(bootProgram).referralServer(referralServer)
                .group(group).task(task().orElse(null));
        if (mac != null) {
            draft.mac(Arguments.mac(mac));
        }
        if (guid != null) {
            draft.guid(Arguments.guid(guid));
        }
        Device device = store.add(draft.build());
        out.println("Added device '" + device.name() + "' (id " + device.id() + ").");
        DeviceFormat.details(device, out);
    }
}
