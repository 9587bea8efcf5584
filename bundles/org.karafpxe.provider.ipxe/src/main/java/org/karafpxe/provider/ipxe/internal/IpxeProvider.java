package org.karafpxe.provider.ipxe.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.karafpxe.api.BootAnswer;
import org.karafpxe.api.BootProvider;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceLookup;
import org.karafpxe.support.MovedSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers clients that already run iPXE, so that iPXE is never sent iPXE again (the chainload
 * loop): a prestaged device gets its own script, named by a ticket issued for this answer
 * ({@code ipxe/s/<ticket>.ipxe}, {@link ScriptTickets}), which {@link IpxeScripts} fills with the
 * device's boot task, or with the local-boot script when it has none. A device with a boot program
 * or a referral server of its own and no task is left to the prestaged provider, and clients that are not prestaged to the answer policy (whose
 * {@code bootfile.ipxe} is {@code ipxe/default.ipxe}). Firmware that does not run iPXE yet is
 * passed on too: the providers below chain it to iPXE.
 *
 * <p>Nothing is consumed here: a decision may be a dry run, and a client may never fetch its
 * script. The one-shot task is taken when the script is sent.
 */
@Component(configurationPid = IpxeProvider.PID,
        property = {BootProvider.NAME + "=ipxe", "service.ranking:Integer=400"})
@Designate(ocd = IpxeProvider.Config.class)
public final class IpxeProvider implements BootProvider {
    static final String PID = "org.karafpxe.provider.ipxe";
    private static final Logger LOG = LoggerFactory.getLogger(IpxeProvider.class);

    /** The provider's place in the chain; the scripts and the builds have configurations of their own. */
    @ObjectClassDefinition(name = "Karaf PXE iPXE",
            description = "iPXE clients of prestaged devices get ipxe/s/<ticket>.ipxe: their boot task, else the "
                    + "local-boot script (both set in etc/" + ScriptsConfig.PID + ".cfg).")
    @interface Config {
        @AttributeDefinition(name = "service.ranking", description = "Place in the provider chain; higher is "
                + "asked first. Keep it above the prestaged provider.")
        int service_ranking() default 400;
    }

    static final String NOT_IPXE = "not iPXE yet: chained to iPXE by the providers below";
    static final String NOT_PRESTAGED = "not prestaged: the answer policy decides";

    private final DeviceLookup store;
    private final ScriptTickets tickets;

    @Activate
    public IpxeProvider(@Reference(name = "store") DeviceLookup store,
            @Reference(name = "tickets") ScriptTickets tickets, Map<String, Object> properties) {
        this.store = store;
        this.tickets = tickets;
        modified(properties);
    }

    /** The scripts' and the builds' settings were once in this file: say where they belong now. */
    @Modified
    void modified(Map<String, Object> properties) {
        MovedSettings.find(properties, ScriptsConfig.PID, List.of("localboot", "localboot.", "oneshot.", "prompt.",
                "discovery.")).forEach(p -> LOG.error("etc/{}.cfg: {}", PID, p));
        MovedSettings.find(properties, FirmwareConfig.PID, List.of("firmware."))
                .forEach(p -> LOG.error("etc/{}.cfg: {}", PID, p));
    }

    /**
     * Without blocking for firmware that does not run iPXE yet, and for iPXE clients the store
     * knows from memory are not prestaged.
     */
    @Override
    public boolean decidesWithoutBlocking(BootRequest request) {
        return !request.isIpxe() || store.surelyMatchesNothing(request.guid(), request.mac());
    }

    @Override
    public Decision decide(BootRequest request) {
        if (!request.isIpxe()) {
            return Decision.pass(NOT_IPXE);
        }
        Optional<Device> match = store.match(request.guid(), request.mac());
        if (match.isEmpty()) {
            return Decision.pass(NOT_PRESTAGED);
        }
        Device device = match.get();
        String by = device.guid().isPresent() && device.guid().equals(request.guid()) ? "GUID" : "MAC";
        String who = "prestaged " + device.name() + " (by " + by + ")";
        Optional<BootTask> task = device.task();
        if (task.isPresent() && task.get().bootProgram().isPresent()) {
            return Decision.pass(who + " has the boot program task " + task.get().bootProgram().get()
                    + ": the prestaged provider answers");
        }
        if (task.isEmpty() && device.bootProgram().isPresent()) {
            return Decision.pass(who + " has no task and boot program " + device.bootProgram().get()
                    + ": the prestaged provider answers");
        }
        if (task.isEmpty() && device.referralServer().isPresent()) {
            return Decision.pass(who + " has no task and is referred to " + device.referralServer().get()
                    + ": the prestaged provider answers");
        }
        // A dry run issues no ticket: it changes nothing.
        String script = request.dryRun() ? ScriptTickets.placeholder(device.id())
                : tickets.scriptFor(device.id(), request.serverAddress());
        if (task.isPresent() && task.get().forGrub()) {
            // Its script is the local-boot script (IpxeScripts); the task stays for the signed chain.
            return Decision.service(BootAnswer.localBootScript(script), who + ": iPXE script " + script + ", local "
                    + "boot: its task is written for GRUB, which iPXE cannot run (the signed chain runs it: "
                    + "pxe:device-set --boot-program " + BootAnswer.SIGNED_CHAIN + ")");
        }
        String what = task.map(t -> t.oneShot() ? "its one-shot task" : "its task for every boot")
                .orElse("no task: local boot");
        // Without a task the script boots the disk: the firmware's later network boot options give up at once.
        BootAnswer answer = task.isPresent() ? BootAnswer.of(script) : BootAnswer.localBootScript(script);
        return Decision.service(answer, who + ": iPXE script " + script + ", " + what);
    }
}
