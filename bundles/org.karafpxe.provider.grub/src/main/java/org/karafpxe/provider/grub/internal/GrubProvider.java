package org.karafpxe.provider.grub.internal;

import java.util.Optional;
import org.karafpxe.api.Architecture;
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
 * Answers the UEFI PXE firmware of prestaged devices on the signed chain (UEFI Secure Boot): those
 * whose boot program, their own or their architecture's default, is {@link BootAnswer#SIGNED_CHAIN}.
 * A device with a boot task written for GRUB gets shim under a ticket of its own
 * ({@link SignedChainTickets}), and through it GRUB and its task ({@link GrubFiles}); a device without
 * a task, or with an iPXE task the signed chain cannot run, gets plain shim, which is refused its
 * second stage and goes back to the firmware: the machine goes on to its next boot device. Every
 * other request is passed on.
 *
 * <p>Nothing is consumed here: a decision may be a dry run. The one-shot task is taken when GRUB's
 * configuration is sent.
 */
@Component(configurationPid = GrubProvider.PID,
        property = {BootProvider.NAME + "=grub", "service.ranking:Integer=450"})
@Designate(ocd = GrubProvider.Config.class)
public final class GrubProvider implements BootProvider {
    static final String PID = "org.karafpxe.provider.grub";

    /** The configuration of the whole bundle: the provider reads service.ranking, the file source the rest. */
    @ObjectClassDefinition(name = "Karaf PXE signed chain (UEFI Secure Boot)",
            description = "Prestaged UEFI machines whose boot program is grub/shimx64.efi boot Debian's signed shim, "
                    + "then Debian's signed GRUB, which runs their boot task written for GRUB; without one they go "
                    + "on to their next boot device.")
    @interface Config {
        @AttributeDefinition(name = "service.ranking", description = "Place in the provider chain; higher is "
                + "asked first. Keep it above the iPXE and prestaged providers.")
        int service_ranking() default 450;

        @AttributeDefinition(name = "shim.file", description = "shim signed by Microsoft's UEFI CA: Debian's "
                + "shim-signed package.")
        String shim_file() default GrubSettings.DEFAULT_SHIM;

        @AttributeDefinition(name = "grub.file", description = "The network GRUB signed by Debian, which shim "
                + "trusts: Debian's grub-efi-amd64-signed package.")
        String grub_file() default GrubSettings.DEFAULT_GRUB;

        @AttributeDefinition(name = "prompt.timeout.s", description = "Seconds a machine with a boot task waits "
                + "in GRUB for Esc before its task runs; without it the machine restarts and that boot goes on to "
                + "its next boot device (0-600; 0: no prompt, the task runs at once).")
        int prompt_timeout_s() default 0;

        @AttributeDefinition(name = "prompt.text", description = "What the prompt says (one line).")
        String prompt_text() default GrubSettings.DEFAULT_PROMPT;
    }

    static final String NOT_PXE = "not UEFI PXE firmware: the signed chain is for UEFI machines booting over TFTP";
    static final String NOT_PRESTAGED = "not prestaged: the answer policy decides";

    private final DeviceLookup store;
    private final SignedChainTickets tickets;
    private final ChainDefaults defaults;

    @Activate
    public GrubProvider(@Reference(name = "store") DeviceLookup store,
            @Reference(name = "tickets") SignedChainTickets tickets,
            @Reference(name = "defaults") ChainDefaults defaults) {
        this.store = store;
        this.tickets = tickets;
        this.defaults = defaults;
    }

    /** Without blocking for requests that are not UEFI PXE, and for clients the store knows are not prestaged. */
    @Override
    public boolean decidesWithoutBlocking(BootRequest request) {
        return !isUefiPxe(request) || store.surelyMatchesNothing(request.guid(), request.mac());
    }

    private static boolean isUefiPxe(BootRequest request) {
        Architecture arch = request.architecture();
        return !request.isIpxe() && arch.isUefi() && !arch.isHttpBoot();
    }

    @Override
    public Decision decide(BootRequest request) {
        if (!isUefiPxe(request)) {
            return Decision.pass(NOT_PXE);
        }
        Optional<Device> match = store.match(request.guid(), request.mac());
        if (match.isEmpty()) {
            return Decision.pass(NOT_PRESTAGED);
        }
        Device device = match.get();
        String by = device.guid().isPresent() && device.guid().equals(request.guid()) ? "GUID" : "MAC";
        String who = "prestaged " + device.name() + " (by " + by + ")";
        Optional<String> own = device.bootProgram();
        String program = own.or(() -> defaults.programFor(request)).map(String::strip).orElse("");
        if (!program.equals(BootAnswer.SIGNED_CHAIN)) {
            return Decision.pass(who + ": boot program " + (program.isEmpty() ? "none" : program)
                    + (own.isPresent() ? "" : " for " + request.architecture().key()) + ", not the signed chain");
        }
        if (device.referralServer().isPresent()) {
            return Decision.pass(who + " is referred to " + device.referralServer().get()
                    + ": the prestaged provider answers");
        }
        Optional<BootTask> task = device.task();
        if (task.isPresent() && task.get().bootProgram().isPresent()) {
            return Decision.pass(who + " has the boot program task " + task.get().bootProgram().get()
                    + ": the prestaged provider answers");
        }
        if (task.isEmpty()) {
            return Decision.service(BootAnswer.localBootScript(BootAnswer.SIGNED_CHAIN), who
                    + ": signed chain, no task: shim is refused GRUB and the firmware goes on to its next boot device");
        }
        Optional<Long> declined = tickets.declinedSecondsAgo(device.id());
        if (declined.isPresent()) {
            return Decision.service(BootAnswer.localBootScript(BootAnswer.SIGNED_CHAIN), who + ": signed chain, "
                    + "no key pressed at its prompt " + declined.get() + " s ago: local boot, the task stays");
        }
        if (!task.get().forGrub()) {
            return Decision.service(BootAnswer.localBootScript(BootAnswer.SIGNED_CHAIN), who + ": signed chain, "
                    + "but its task is an iPXE script, which GRUB cannot run (write it for GRUB, first line "
                    + BootTask.GRUB_HEADER + "): local boot");
        }
        // A dry run issues no ticket: it changes nothing.
        String shim = request.dryRun() ? SignedChainTickets.placeholder(device.id())
                : tickets.shimFor(device.id(), request.serverAddress());
        return Decision.service(BootAnswer.of(shim), who + ": signed chain " + shim + ", then GRUB and "
                + (task.get().oneShot() ? "its one-shot task" : "its task for every boot"));
    }
}
