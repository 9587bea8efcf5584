package org.karafpxe.provider.ipxe.internal;

import java.util.Optional;
import org.karafpxe.api.BootAnswer;
import org.karafpxe.api.BootProvider;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceLookup;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

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

    /** The configuration of the whole bundle: the provider reads service.ranking, the file sources the rest. */
    @ObjectClassDefinition(name = "Karaf PXE iPXE",
            description = "iPXE clients of prestaged devices get ipxe/s/<ticket>.ipxe: their boot task, else "
                    + "the local-boot script (localboot.<architecture> = <iPXE command> sets one architecture's "
                    + "line). Also serves Debian's iPXE builds by name.")
    @interface Config {
        @AttributeDefinition(name = "service.ranking", description = "Place in the provider chain; higher is "
                + "asked first. Keep it above the prestaged provider.")
        int service_ranking() default 400;

        @AttributeDefinition(name = "localboot", description = "The iPXE command of the local-boot script: exit 1 (the firmware "
                + "tries its next boot device), exit, sanboot --no-describe --drive 0x80, or another single line.")
        String localboot() default LocalBootScript.DEFAULT_LINE;

        @AttributeDefinition(name = "oneshot.grace.s", description = "Seconds a client that fetched a one-shot "
                + "script is given the same script again when it asks again (0-3600).")
        int oneshot_grace_s() default ScriptSettings.DEFAULT_GRACE_SECONDS;

        @AttributeDefinition(name = "prompt.timeout.s", description = "Seconds the press-a-key prompt waits before "
                + "a prestaged machine with a boot task goes on as its prompt policy says (0-600; 0: no prompt, the "
                + "task runs at once).")
        int prompt_timeout_s() default 0;

        @AttributeDefinition(name = "prompt.known", description = "The prompt policy of prestaged machines (WDS's "
                + "PxePromptPolicy): optin, the task runs only when the key is pressed, else the machine boots "
                + "locally; optout, the task runs unless the key is pressed; noprompt, the task runs at once. "
                + "prompt.device.<name> sets one device's policy.")
        String prompt_known() default "optin";

        @AttributeDefinition(name = "prompt.key", description = "The key, as iPXE's prompt --key takes it (F12: "
                + "0x197e, Esc: 0x1b); empty: F12 for opt-in, Esc for opt-out.")
        String prompt_key() default "";

        @AttributeDefinition(name = "prompt.text", description = "What the prompt says; empty: 'Press F12 for "
                + "network boot' for opt-in, 'Press Esc to boot from the disk instead' for opt-out.")
        String prompt_text() default "";

        @AttributeDefinition(name = "discovery.x64-bios", description = "Architecture discovery: the boot program "
                + "for BIOS machines whose CPU runs 64-bit code (given ipxe/discover.ipxe first).")
        String discovery_x64$_$bios() default "";

        @AttributeDefinition(name = "discovery.x86-bios", description = "Architecture discovery: the boot program "
                + "for BIOS machines with a 32-bit CPU.")
        String discovery_x86$_$bios() default "";

        @AttributeDefinition(name = "firmware.dir", description = "Where Debian's ipxe package puts the iPXE builds.")
        String firmware_dir() default FirmwareSettings.DEFAULT_DIR;

        @AttributeDefinition(name = "firmware.files", description = "The iPXE builds served from firmware.dir by "
                + "name, separated by commas.")
        String firmware_files() default FirmwareSettings.DEFAULT_FILES;
    }

    static final String NOT_IPXE = "not iPXE yet: chained to iPXE by the providers below";
    static final String NOT_PRESTAGED = "not prestaged: the answer policy decides";

    private final DeviceLookup store;
    private final ScriptTickets tickets;

    @Activate
    public IpxeProvider(@Reference(name = "store") DeviceLookup store,
            @Reference(name = "tickets") ScriptTickets tickets) {
        this.store = store;
        this.tickets = tickets;
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
