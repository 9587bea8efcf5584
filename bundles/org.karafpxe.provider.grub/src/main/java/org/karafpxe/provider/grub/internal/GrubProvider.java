package org.karafpxe.provider.grub.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.karafpxe.api.Architecture;
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
    private static final Logger LOG = LoggerFactory.getLogger(GrubProvider.class);

    /** The provider's place in the chain; the signed chain's files have a configuration of their own. */
    @ObjectClassDefinition(name = "Karaf PXE signed chain (UEFI Secure Boot)",
            description = "Prestaged UEFI machines whose boot program is grub/shimx64.efi boot Debian's signed shim, "
                    + "then Debian's signed GRUB, which runs their boot task written for GRUB; without one they go "
                    + "on to their next boot device.")
    @interface Config {
        @AttributeDefinition(name = "service.ranking", description = "Place in the provider chain; higher is "
                + "asked first. Keep it above the iPXE and prestaged providers.")
        int service_ranking() default 450;
    }

    static final String NOT_PXE = "not UEFI PXE firmware: the signed chain is for UEFI machines booting over TFTP";
    static final String NOT_PRESTAGED = "not prestaged: the answer policy decides";

    private final DeviceLookup store;
    private final SignedChainTickets tickets;
    private final ChainDefaults defaults;

    @Activate
    public GrubProvider(@Reference(name = "store") DeviceLookup store,
            @Reference(name = "tickets") SignedChainTickets tickets,
            @Reference(name = "defaults") ChainDefaults defaults, Map<String, Object> properties) {
        this.store = store;
        this.tickets = tickets;
        this.defaults = defaults;
        modified(properties);
    }

    /** The files' settings were once in this file: say where they belong now. */
    @Modified
    void modified(Map<String, Object> properties) {
        MovedSettings.find(properties, GrubFilesConfig.PID, List.of("shim.file", "grub.file", "prompt."))
                .forEach(p -> LOG.error("etc/{}.cfg: {}", PID, p));
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
