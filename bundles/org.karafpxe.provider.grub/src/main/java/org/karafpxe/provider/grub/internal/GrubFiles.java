package org.karafpxe.provider.grub.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.karafpxe.api.BootAnswer;
import org.karafpxe.api.BootFile;
import org.karafpxe.api.BootFileSource;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.BootTasks;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceLookup;
import org.karafpxe.store.StoreException;
import org.karafpxe.support.CheckedConfig;
import org.karafpxe.support.ServedFiles;
import org.karafpxe.support.TicketBook;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the signed chain, at ranking 100 (before the boot file directory):
 *
 * <ul>
 *   <li>{@code grub/shimx64.efi} and {@code grub/s/<ticket>/shimx64.efi}: Debian's shim, signed by
 *       Microsoft's UEFI CA. Shim fetches its second stage, {@code grubx64.efi}, from the same
 *       folder.</li>
 *   <li>{@code grub/s/<ticket>/grubx64.efi}: Debian's network GRUB, signed by Debian, when the
 *       ticket's device has a task written for GRUB; the address that fetched it is bound to the
 *       ticket. Otherwise (plain {@code grub/grubx64.efi}, an unknown or expired ticket, no task
 *       any more) nothing is served: shim reports "Not Found" to the firmware, which goes on to its
 *       next boot device, as iPXE's {@code exit 1} makes it. GRUB cannot do that itself: its
 *       {@code exit} reports success, and UEFI firmware then stops in its boot manager.</li>
 *   <li>{@code grub/grub.cfg}: where Debian's network GRUB reads its configuration (its prefix
 *       {@code /grub} on the server of the address server's DHCP answer). For the address bound to a
 *       ticket: the device's task, after two GRUB variables, {@code pxe_server} (this server's
 *       address as announced to the machine) and {@code pxe_done} (the completion callback's
 *       {@code <device id>/<secret>}); a one-shot task is taken when the file starts to go to the
 *       machine. For any other address: a configuration that restarts the machine, whose next
 *       network boot then goes on to its next boot device. With the prompt on
 *       ({@code prompt.timeout.s}), the prompt instead: GRUB waits for Esc, then fetches
 *       {@code grub/s/<ticket>/task.cfg} (the task, taken then) or, without the key,
 *       {@code grub/s/<ticket>/local.cfg}, which restarts the machine after the server noted that its
 *       next boots for a while go on to the next boot device (the task stays). Both are served to the
 *       address bound to the ticket only.</li>
 * </ul>
 *
 * Other names under {@code grub/} are left to the other sources. Each decision is logged on
 * {@value #SERVED_LOGGER}.
 */
@Component(configurationPid = GrubFilesConfig.PID, property = Constants.SERVICE_RANKING + ":Integer=100")
@Designate(ocd = GrubFilesConfig.class)
public final class GrubFiles implements BootFileSource {
    static final String FOLDER = "grub/";
    static final String SHIM = "shimx64.efi";
    /** The second stage shim fetches from its own folder (its DEFAULT_LOADER). */
    static final String GRUB = "grubx64.efi";
    static final String CONFIG = FOLDER + "grub.cfg";
    static final String SERVED_LOGGER = "org.karafpxe.grub.files";
    static final String SERVER_VARIABLE = "pxe_server";
    static final String CALLBACK_VARIABLE = "pxe_done";

    static final String TASK_CONFIG = "task.cfg";
    static final String LOCAL_CONFIG = "local.cfg";

    /** What a machine that let its prompt pass runs: its restart, whose network boot goes on to the disk. */
    static final String PROMPT_PASSED = BootTask.GRUB_HEADER + "\n"
            + "echo \"No key pressed: restarting; the network boot goes on to the next boot device.\"\n"
            + "sleep 2\n"
            + "reboot\n";

    /** GRUB's configuration for a machine this server has no task for now. */
    static final String NO_TASK = BootTask.GRUB_HEADER + "\n"
            + "echo \"Karaf PXE: no boot task for this machine now.\"\n"
            + "echo \"Restarting: its next network boot goes on to its next boot device.\"\n"
            + "sleep 3\n"
            + "reboot\n";

    private static final Logger LOG = LoggerFactory.getLogger(GrubFiles.class);
    private static final Logger SERVED = LoggerFactory.getLogger(SERVED_LOGGER);
    private static final Pattern TICKETED = Pattern.compile(Pattern.quote(SignedChainTickets.FOLDER)
            + "(" + TicketBook.PATTERN + ")/(" + Pattern.quote(SHIM) + "|" + Pattern.quote(GRUB) + "|"
            + Pattern.quote(TASK_CONFIG) + "|" + Pattern.quote(LOCAL_CONFIG) + ")");

    private final DeviceLookup devices;
    private final BootTasks tasks;
    private final SignedChainTickets tickets;
    private volatile GrubSettings settings;

    /** The raw properties only name a refused value; see {@link CheckedConfig}. */
    @Activate
    public GrubFiles(@Reference(name = "devices") DeviceLookup devices, @Reference(name = "tasks") BootTasks tasks,
            @Reference(name = "tickets") SignedChainTickets tickets, GrubFilesConfig config,
            Map<String, Object> properties) {
        this(devices, tasks, tickets, GrubSettings.from(CheckedConfig.of(GrubFilesConfig.class, config, properties)));
        report(settings);
    }

    GrubFiles(DeviceLookup devices, BootTasks tasks, SignedChainTickets tickets, GrubSettings settings) {
        this.devices = devices;
        this.tasks = tasks;
        this.tickets = tickets;
        this.settings = settings;
    }

    @Modified
    void modified(GrubFilesConfig config, Map<String, Object> properties) {
        GrubSettings next = GrubSettings.from(CheckedConfig.of(GrubFilesConfig.class, config, properties));
        settings = next;
        report(next);
    }

    private static void report(GrubSettings s) {
        s.problems().forEach(p -> LOG.error("etc/{}.cfg: {}", GrubFilesConfig.PID, p));
        boolean shim = Files.isReadable(s.shim());
        boolean grub = Files.isReadable(s.grub());
        if (shim && grub) {
            LOG.info("Signed chain: {} as {}, {} as {}; {}", s.shim(), BootAnswer.SIGNED_CHAIN, s.grub(), GRUB,
                    s.promptSeconds() == 0 ? "no prompt" : "prompt before a task: " + s.promptSeconds() + " s");
        } else {
            LOG.warn("Signed chain: {}{}{} not there or not readable, so machines whose boot program is {} cannot "
                    + "boot it; install Debian's shim-signed and grub-efi-amd64-signed packages, or set shim.file "
                    + "and grub.file in etc/{}.cfg", shim ? "" : s.shim(), shim || grub ? "" : " and ",
                    grub ? "" : s.grub(), BootAnswer.SIGNED_CHAIN, GrubFilesConfig.PID);
        }
    }

    @Override
    public Optional<BootFile> open(String path, InetSocketAddress client) throws IOException {
        if (!path.startsWith(FOLDER)) {
            return Optional.empty();
        }
        GrubSettings s = settings;
        if (path.equals(BootAnswer.SIGNED_CHAIN)) {
            return file(s.shim());
        }
        if (path.equals(FOLDER + GRUB)) {
            served(path, client, "no device", "no task: GRUB refused, the firmware goes on");
            return Optional.empty();
        }
        if (path.equals(CONFIG)) {
            return Optional.of(config(client));
        }
        Matcher m = TICKETED.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        if (m.group(2).equals(SHIM)) {
            return file(s.shim());
        }
        if (!m.group(2).equals(GRUB)) {
            return Optional.of(afterPrompt(path, m.group(1), m.group(2).equals(TASK_CONFIG), client));
        }
        Optional<SignedChainTickets.Issued> issued = tickets.lookup(m.group(1));
        if (issued.isEmpty()) {
            served(path, client, "an unknown or expired ticket", "GRUB refused, the firmware goes on");
            return Optional.empty();
        }
        long id = issued.get().deviceId();
        Optional<Device> device;
        try {
            device = devices.find(id);
        } catch (StoreException e) {
            served(path, client, "device " + id, "GRUB refused, the policy store failed: " + e.getMessage());
            return Optional.empty();
        }
        Optional<BootTask> task = device.flatMap(Device::task);
        String named = device.map(d -> "device " + d.name() + " (id " + id + ")").orElse("device " + id
                + " (not prestaged)");
        if (task.isEmpty() || !task.get().forGrub()) {
            served(path, client, named, (task.isEmpty() ? "no task" : "its task is not written for GRUB")
                    + ": GRUB refused, the firmware goes on");
            return Optional.empty();
        }
        InetAddress from = client == null ? null : client.getAddress();
        if (from == null) {
            return Optional.empty();
        }
        tickets.bind(from, m.group(1).toLowerCase(Locale.ROOT));
        served(path, client, named, "GRUB, then its task");
        return file(s.grub());
    }

    /**
     * GRUB's configuration for the machine at {@code client}: its task, read without taking it, or
     * with the prompt on, the prompt, which fetches the task ({@value #TASK_CONFIG}) only when Esc is
     * pressed, and otherwise {@value #LOCAL_CONFIG}.
     */
    private BootFile config(InetSocketAddress client) {
        Optional<String> token = client == null || client.getAddress() == null ? Optional.empty()
                : tickets.boundTo(client.getAddress());
        Optional<SignedChainTickets.Issued> issued = token.flatMap(tickets::lookup);
        if (issued.isEmpty()) {
            served(CONFIG, client, "no GRUB fetched with a ticket from this address", "restart");
            return bytes(NO_TASK);
        }
        GrubSettings s = settings;
        if (s.promptSeconds() == 0) {
            return task(CONFIG, issued.get(), client);
        }
        Optional<Device> device = grubTaskDevice(CONFIG, issued.get().deviceId(), client);
        if (device.isEmpty()) {
            return bytes(NO_TASK);
        }
        served(CONFIG, client, named(device.get()), "prompt (" + s.promptSeconds() + " s), then its task");
        String folder = "/" + SignedChainTickets.FOLDER + token.get() + "/";
        return bytes(BootTask.GRUB_HEADER + "\n# Karaf PXE: the prompt before the task of " + named(device.get()) + "\n"
                + "echo \"" + s.promptText() + "\"\n"
                + "if sleep --interruptible " + s.promptSeconds() + "; then\n"
                + "  source " + folder + LOCAL_CONFIG + "\n"
                + "fi\n"
                + "source " + folder + TASK_CONFIG + "\n");
    }

    /** After the prompt: the task, or the restart; for the address bound to the ticket only. */
    private BootFile afterPrompt(String path, String token, boolean pressed, InetSocketAddress client) {
        Optional<SignedChainTickets.Issued> issued = tickets.lookup(token);
        boolean bound = client != null && client.getAddress() != null
                && tickets.boundTo(client.getAddress()).filter(token::equalsIgnoreCase).isPresent();
        if (issued.isEmpty() || !bound) {
            served(path, client, "a ticket not bound to this address", "restart");
            return bytes(NO_TASK);
        }
        if (pressed) {
            return task(path, issued.get(), client);
        }
        long id = issued.get().deviceId();
        tickets.decline(id);
        served(path, client, "device " + id, "no key pressed: restart, and local boot for "
                + SignedChainTickets.DECLINE_SECONDS + " s; the task stays");
        return bytes(PROMPT_PASSED);
    }

    /** The device of a ticket, when it has a task written for GRUB; logged when it has not. */
    private Optional<Device> grubTaskDevice(String path, long id, InetSocketAddress client) {
        Optional<Device> device;
        try {
            device = devices.find(id);
        } catch (StoreException e) {
            // The task stays in the store for the next boot.
            SERVED.warn("Signed chain {} for {}, device {}: restart, the policy store failed: {}", path,
                    ServedFiles.address(client), id, e.getMessage());
            return Optional.empty();
        }
        if (device.flatMap(Device::task).filter(BootTask::forGrub).isEmpty()) {
            served(path, client, "device " + id, "no task for GRUB any more: restart");
            return Optional.empty();
        }
        return device;
    }

    /** The device's task for GRUB, after pxe_server and pxe_done; a one-shot task is taken as it is sent. */
    private BootFile task(String path, SignedChainTickets.Issued issued, InetSocketAddress client) {
        long id = issued.deviceId();
        Optional<Device> device = grubTaskDevice(path, id, client);
        if (device.isEmpty()) {
            return bytes(NO_TASK);
        }
        BootTask t = device.get().task().orElseThrow();
        String named = named(device.get());
        served(path, client, named, t.oneShot() ? "its one-shot task (taken as it is sent)" : "its task");
        String text = BootTask.GRUB_HEADER + "\n# Karaf PXE: the boot task of " + named + "\n"
                + "set " + SERVER_VARIABLE + "=" + issued.server().getHostAddress() + "\n"
                + "set " + CALLBACK_VARIABLE + "=" + id + "/" + tasks.taskSecret(id, t) + "\n"
                + t.script() + "\n";
        BootFile file = bytes(text);
        return t.oneShot() ? file.whenDelivering(() -> take(id, named, client)) : file;
    }

    private static String named(Device device) {
        return "device " + device.name() + " (id " + device.id() + ")";
    }

    private void take(long id, String named, InetSocketAddress client) {
        try {
            Optional<BootTask> taken = tasks.consumeOneShotTask(id);
            SERVED.info("GRUB configuration for {}, {}: one-shot task {}", ServedFiles.address(client), named,
                    taken.isPresent() ? "taken from the store" : "already taken");
        } catch (StoreException e) {
            SERVED.warn("GRUB configuration for {}, {}: the one-shot task was sent, but the policy store failed to "
                    + "clear it: {}; clear it with pxe:task-clear", ServedFiles.address(client), named, e.getMessage());
        }
    }

    private static Optional<BootFile> file(Path path) throws IOException {
        Optional<FileChannel> channel = ServedFiles.openRegular(path);
        return channel.isPresent() ? Optional.of(BootFile.of(channel.get())) : Optional.empty();
    }

    private static BootFile bytes(String text) {
        return BootFile.of(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void served(String path, InetSocketAddress client, String who, String what) {
        SERVED.info("Signed chain {} for {}, {}: {}", path, ServedFiles.address(client), who, what);
    }

    @Override
    public String toString() {
        return "signed chain (" + BootAnswer.SIGNED_CHAIN + ", " + SignedChainTickets.FOLDER + "<ticket>/, " + CONFIG
                + ")";
    }
}
