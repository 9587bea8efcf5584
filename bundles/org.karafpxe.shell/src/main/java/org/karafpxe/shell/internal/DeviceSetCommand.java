package org.karafpxe.shell.internal;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceChange;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.support.Arguments;

/**
 * Changes some fields of a device, as WDSUTIL /Set-Device does. Only the fields named change, in
 * the store's transaction, so operators changing different fields do not undo each other's work.
 */
@Command(scope = "pxe", name = "device-set", description = "Changes fields of a prestaged device: sets those given, "
        + "clears those given as --clear-..., and keeps the rest.")
@Service
public class DeviceSetCommand extends DeviceTaskCommand {

    @Argument(index = 0, name = "device", required = true, description = "The device's name (any case) or id")
    @Completion(DeviceCompleter.class)
    private String device;

    @Option(name = "--name", description = "A new name (letters, digits, '.', '_', '-'; not digits only)")
    private String name;

    @Option(name = "--mac", description = "A new MAC address, e.g. 52:54:00:12:34:56")
    private String mac;

    @Option(name = "--clear-mac", description = "Remove the MAC (the device keeps its GUID)")
    private boolean clearMac;

    @Option(name = "--guid", description = "A new SMBIOS GUID (braces allowed)")
    private String guid;

    @Option(name = "--clear-guid", description = "Remove the GUID (the device keeps its MAC)")
    private boolean clearGuid;

    @Option(name = "--boot-program", description = "A boot program instead of the architecture's default")
    private String bootProgram;

    @Option(name = "--clear-boot-program", description = "Boot the architecture's default program again")
    private boolean clearBootProgram;

    @Option(name = "--referral-server", description = "Another boot server to send the device to")
    private String referralServer;

    @Option(name = "--clear-referral-server", description = "Serve the device from this server again")
    private boolean clearReferralServer;

    @Option(name = "--group", description = "A new group")
    private String group;

    @Option(name = "--clear-group", description = "Take the device out of its group")
    private boolean clearGroup;

    @Option(name = "--clear-task", description = "Remove the device's boot task")
    private boolean clearTask;

    @Override
    void run(PolicyStore store, PrintStream out) {
        DeviceChange change = change();
        Device changed = store.update(device, change);
        out.println("Changed device '" + changed.name() + "' (id " + changed.id() + ").");
        DeviceFormat.details(changed, out);
    }

    /** The change the options ask for; refuses options that contradict each other, and no change. */
    DeviceChange change() {
        exclusive("--mac", mac != null, "--clear-mac", clearMac);
        exclusive("--guid", guid != null, "--clear-guid", clearGuid);
        exclusive("--boot-program", bootProgram != null, "--clear-boot-program", clearBootProgram);
        exclusive("--referral-server", referralServer != null, "--clear-referral-server", clearReferralServer);
        exclusive("--group", group != null, "--clear-group", clearGroup);
        if (clearTask && taskOptionGiven()) {
            throw new IllegalArgumentException("give a new task (--task-script or --task-file, with --one-shot if "
                    + "it is to run once) or --clear-task, not both");
        }
        DeviceChange.Builder b = DeviceChange.builder();
        if (name != null) {
            b.name(name);
        }
        if (mac != null) {
            b.mac(Arguments.mac(mac));
        } else if (clearMac) {
            b.clearMac();
        }
        if (guid != null) {
            b.guid(Arguments.guid(guid));
        } else if (clearGuid) {
            b.clearGuid();
        }
        if (bootProgram != null) {
            b.bootProgram(bootProgram);
        } else if (clearBootProgram) {
            b.clearBootProgram();
        }
        if (referralServer != null) {
            b.referralServer(referralServer);
        } else if (clearReferralServer) {
            b.clearReferralServer();
        }
        if (group != null) {
            b.group(group);
        } else if (clearGroup) {
            b.clearGroup();
        }
        if (clearTask) {
            b.clearTask();
        } else {
            task().ifPresent(b::task);
        }
        DeviceChange change = b.build();
        if (change.isEmpty()) {
            throw new IllegalArgumentException("nothing to change for device '" + device + "': give at least one of "
                    + "--name, --mac, --guid, --boot-program, --referral-server, --group, --task-script, --task-file, "
                    + "or a --clear-... option");
        }
        return change;
    }

    private static void exclusive(String set, boolean setGiven, String clear, boolean clearGiven) {
        if (setGiven && clearGiven) {
            throw new IllegalArgumentException("give " + set + " or " + clear + ", not both");
        }
    }
}
