package org.karafpxe.provider.prestaged.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.karafpxe.api.BootAnswer;
import org.karafpxe.api.BootPrograms;
import org.karafpxe.api.BootProvider;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.store.Device;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.BootTasks;
import org.karafpxe.store.DeviceLookup;
import org.karafpxe.store.ReferralServers;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers prestaged devices at once, whatever the response delay: a client is matched by GUID
 * first, then by MAC (a banned GUID never reaches here, the chain strips it). The device's boot
 * program wins, else this provider's default for the architecture; a device with a referral
 * server is sent to that server for its boot file (without a boot program here, the policy refers it
 * with the policy's default). A referral server that cannot be used is said so, and the device is
 * not answered, rather than booted from here. Clients not prestaged are passed on.
 */
@Component(configurationPid = PrestagedProvider.PID,
        property = {BootProvider.NAME + "=prestaged", "service.ranking:Integer=300"})
@Designate(ocd = PrestagedProvider.Config.class)
public final class PrestagedProvider implements BootProvider {
    static final String PID = "org.karafpxe.provider.prestaged";
    private static final Logger LOG = LoggerFactory.getLogger(PrestagedProvider.class);

    @ObjectClassDefinition(name = "Karaf PXE prestaged devices",
            description = "Answers known devices with their boot program or referral; "
                    + "bootfile.<architecture> = <path> is the boot program of devices without one.")
    @interface Config {
        @AttributeDefinition(name = "service.ranking", description = "Place in the provider chain; higher is asked first.")
        int service_ranking() default 300;
    }

    private final DeviceLookup store;
    private final BootTasks tasks;
    private final ReferralServers referrals;
    private final ProgramsInUse inUse = new ProgramsInUse(System::nanoTime);

    private volatile BootPrograms programs = BootPrograms.from(Map.of());
    private final ExecutorService seen;
    /** Devices that booted, with when, not yet written. */
    private final Map<Long, Instant> unseen = new ConcurrentHashMap<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    @Activate
    public PrestagedProvider(@Reference(name = "store") DeviceLookup store,
            @Reference(name = "tasks") BootTasks tasks,
            @Reference(name = "referrals") ReferralServers referrals,
            Map<String, Object> properties) {
        this.store = store;
        this.tasks = tasks;
        this.referrals = referrals;
        // "Last seen" is bookkeeping: written off the request path, in batches (noteSeen).
        seen = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pxe-prestaged-seen");
            t.setDaemon(true);
            return t;
        });
        modified(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        BootPrograms next = BootPrograms.from(properties);
        next.problems().forEach(p -> LOG.error("etc/{}.cfg: {}", PID, p));
        programs = next;
    }

    @Deactivate
    void deactivate() {
        seen.shutdown();
    }

    /**
     * "Last seen" is bookkeeping: kept per device until the writer thread writes all that is
     * pending in one transaction, so that a boot storm costs a few commits rather than one per boot.
     */
    private void noteSeen(long deviceId) {
        unseen.merge(deviceId, Instant.now(), (a, b) -> a.isAfter(b) ? a : b);
        if (writing.compareAndSet(false, true)) {
            seen.execute(this::writeSeen);
        }
    }

    private void writeSeen() {
        try {
            Map<Long, Instant> batch = new HashMap<>();
            for (Long id : unseen.keySet()) {
                Instant when = unseen.remove(id);
                if (when != null) {
                    batch.put(id, when);
                }
            }
            if (!batch.isEmpty()) {
                store.markSeen(batch);
            }
        } catch (RuntimeException e) {
            LOG.debug("Cannot note that prestaged devices booted: {}", e.getMessage());
        } finally {
            writing.set(false);
        }
        if (!unseen.isEmpty() && writing.compareAndSet(false, true)) {
            seen.execute(this::writeSeen);
        }
    }

    /**
     * A task that is a boot program ({@link BootTask#bootProgram()}) wins over the device's own
     * program. A one-shot one is taken from the store at its first answer that is not a dry run,
     * and the same boot's later requests get it from memory ({@link ProgramsInUse}).
     */
    private Optional<Decision> programTask(Device device, String who, BootRequest request) {
        Optional<BootTask> task = device.task().filter(t -> t.bootProgram().isPresent());
        String program;
        String what;
        if (task.isPresent()) {
            program = task.get().bootProgram().orElseThrow();
            if (!task.get().oneShot()) {
                what = "its boot program task " + program + " (every boot)";
            } else if (request.dryRun()) {
                what = "its one-shot boot program " + program + " (taken when it is answered)";
            } else {
                // Remembered first: a request of the same boot answered meanwhile gets the same program.
                inUse.remember(device.id(), program);
                tasks.consumeOneShotTask(device.id());
                what = "its one-shot boot program " + program + ", taken from the store as it is answered";
            }
        } else {
            Optional<Map.Entry<String, Long>> recalled = inUse.recall(device.id());
            if (recalled.isEmpty()) {
                return Optional.empty();
            }
            program = recalled.get().getKey();
            what = "its one-shot boot program " + program + ", taken " + recalled.get().getValue()
                    + " s ago for this boot";
        }
        if (device.referralServer().isPresent()) {
            return Optional.of(referrals.refer(device.referralServer().get(), program, who + ": " + what));
        }
        return Optional.of(Decision.service(BootAnswer.forProgram(program), who + ": " + what));
    }

    /** Without blocking when the store knows from memory that the client is not prestaged. */
    @Override
    public boolean decidesWithoutBlocking(BootRequest request) {
        return store.surelyMatchesNothing(request.guid(), request.mac());
    }

    @Override
    public Decision decide(BootRequest request) {
        Optional<Device> match = store.match(request.guid(), request.mac());
        if (match.isEmpty()) {
            return Decision.pass("not prestaged");
        }
        Device device = match.get();
        if (!request.dryRun()) {
            noteSeen(device.id());
        }
        String by = device.guid().isPresent() && device.guid().equals(request.guid()) ? "GUID" : "MAC";
        String who = "prestaged " + device.name() + " (by " + by + ")";
        Optional<Decision> once = programTask(device, who, request);
        if (once.isPresent()) {
            return once.get();
        }
        Optional<String> file = device.bootProgram().or(() -> programs.forRequest(request));
        if (file.isEmpty()) {
            return Decision.pass(who + ": no boot program of its own or for " + request.architecture().key()
                    + (device.referralServer().isPresent() ? "; the policy's default is referred to "
                            + device.referralServer().get() : "; the policy applies"));
        }
        if (device.referralServer().isPresent()) {
            return referrals.refer(device.referralServer().get(), file.get(), who);
        }
        return Decision.service(BootAnswer.forProgram(file.get()), who);
    }
}
