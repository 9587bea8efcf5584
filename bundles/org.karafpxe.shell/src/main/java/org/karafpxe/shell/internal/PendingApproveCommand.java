package org.karafpxe.shell.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.PendingDevice;
import org.karafpxe.store.PendingDevices;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.support.DeviceNames;

/**
 * Approves machines held for approval: each becomes a prestaged device, and a machine still waiting
 * goes on at its next poll, without a reboot, into its task or its default.
 */
@Command(scope = "pxe", name = "pending-approve", description = "Approves machines held for approval: each is "
        + "prestaged as a device (by its MAC, and its GUID when it sent one) and, if it still waits, boots within "
        + "seconds into its task or its default.")
@Service
public class PendingApproveCommand extends DeviceTaskCommand {
    static final String DEFAULT_TEMPLATE = DeviceNames.DEFAULT_TEMPLATE;

    /* Optional, as the store itself: see StoreCommand. */
    @Reference(optional = true)
    private PendingDevices queue;

    @Argument(index = 0, name = "machines", required = true, multiValued = true, description = "The pending "
            + "machines, by number or MAC, as pxe:pending-list shows them")
    private List<String> machines;

    @Option(name = "--name", description = "The device's name (one machine only)")
    private String name;

    @Option(name = "--name-template", description = "Names the devices as WDS's naming policy does: %# is a "
            + "counter (the first number free), %03# one of three digits; default " + DEFAULT_TEMPLATE)
    private String template;

    @Option(name = "--group", description = "A label for sorting devices (a lab, a room)")
    private String group;

    @Option(name = "--boot-program", description = "A boot program instead of the architecture's default")
    private String bootProgram;

    @Override
    void run(PolicyStore store, PrintStream out) {
        PendingDevices pending = PendingMachines.running(queue);
        if (name != null && template != null) {
            throw new IllegalArgumentException("give --name or --name-template, not both");
        }
        List<PendingDevice> chosen = PendingMachines.named(pending, machines);
        if (name != null && chosen.size() > 1) {
            throw new IllegalArgumentException("--name names one machine; for " + chosen.size()
                    + " give --name-template, such as lab-%02#");
        }
        String naming = template != null ? template : DEFAULT_TEMPLATE;
        if (name == null && !DeviceNames.hasCounter(naming)) {
            throw new IllegalArgumentException("--name-template '" + naming + "' has no counter: put %# (or %03# for "
                    + "three digits) where the number goes, such as lab-%02#");
        }
        int next = 1;
        for (PendingDevice p : chosen) {
            Optional<Device> known = store.match(p.guid(), p.mac());
            if (p.state() == PendingDevice.State.APPROVED && known.isPresent()) {
                throw new IllegalArgumentException(PendingMachines.describe(p) + " is already approved, as "
                        + known.get().name());
            }
            String deviceName = name;
            if (deviceName == null) {
                while (store.find(nameFor(naming, next)).isPresent()) {
                    next++;
                }
                deviceName = nameFor(naming, next++);
            }
            DeviceDraft.Builder draft = DeviceDraft.builder(deviceName).mac(p.mac()).bootProgram(bootProgram)
                    .group(group).task(task().orElse(null));
            p.guid().ifPresent(draft::guid);
            Device device = store.add(draft.build());
            pending.setState(p.id(), PendingDevice.State.APPROVED);
            out.println("Approved " + PendingMachines.describe(p) + " as device '" + device.name() + "' (id "
                    + device.id() + "): " + (p.state() == PendingDevice.State.PENDING ? "if it still waits, it boots "
                    + "within seconds" : "it boots as this device at its next network boot") + ".");
        }
    }

    static String nameFor(String template, int n) {
        return DeviceNames.nameFor(template, n);
    }
}
