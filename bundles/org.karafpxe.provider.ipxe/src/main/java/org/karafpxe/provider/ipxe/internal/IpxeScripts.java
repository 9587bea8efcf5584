package org.karafpxe.provider.ipxe.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.karafpxe.api.BootAnswer;
import org.karafpxe.api.BootFile;
import org.karafpxe.api.BootFileSource;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.BootTasks;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceLookup;
import org.karafpxe.store.PendingDevices;
import org.karafpxe.store.StoreException;
import org.karafpxe.support.CheckedConfig;
import org.karafpxe.support.ServedFiles;
import org.karafpxe.support.TicketBook;
import org.karafpxe.support.UrlHosts;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the iPXE scripts the provider answers with, at ranking 100 (before the boot
 * file directory):
 *
 * <ul>
 *   <li>{@code ipxe/s/<ticket>.ipxe}: the script of the device whose answer issued the ticket
 *       ({@link ScriptTickets}): its boot task, else (none, already taken, device removed,
 *       unknown or expired ticket) the local-boot script. A one-shot task is taken from the store
 *       when the script starts to go to the client ({@link BootFile#delivering()}), so neither a
 *       size probe nor a HEAD takes it, and the store is written only then. A client that opens its
 *       one-shot script again within {@code oneshot.grace.s} seconds gets it again, since the store
 *       no longer has it. With the prompt on, the task itself is {@code <ticket>-task.ipxe}.</li>
 *   <li>{@code ipxe/default.ipxe}: the local-boot script, for clients that are not prestaged.</li>
 * </ul>
 *
 * Other names under {@code ipxe/} are left to the other sources. Each script served is logged on
 * {@value #SERVED_LOGGER}.
 */
@Component(configurationPid = ScriptsConfig.PID, property = Constants.SERVICE_RANKING + ":Integer=100")
@Designate(ocd = ScriptsConfig.class)
public final class IpxeScripts implements BootFileSource {
    static final String FOLDER = "ipxe/";
    static final String DEFAULT_SCRIPT = FOLDER + "default.ipxe";
    /** ipxe/prompt/(optin|optout)/<script>: a script's name as boot file names go, nothing else. */
    private static final Pattern PROMPTED = Pattern.compile("(optin|optout)/([A-Za-z0-9._-][A-Za-z0-9._/-]{0,200})");
    static final String SERVED_LOGGER = "org.karafpxe.ipxe.scripts";
    /** The iPXE setting holding {@code <device id>/<secret>} of the completion callback. */
    static final String CALLBACK_SETTING = "pxe-done";
    /** The iPXE setting holding this server's address as announced to the machine. */
    static final String SERVER_SETTING = "pxe-server";

    static final String ONE_SHOT = "task (one-shot, taken as it is sent)";
    static final String EVERY_BOOT = "task (every boot)";
    static final String LOCAL_BOOT = "local boot";

    private static final Logger LOG = LoggerFactory.getLogger(IpxeScripts.class);
    private static final Logger SERVED = LoggerFactory.getLogger(SERVED_LOGGER);
    private static final Pattern DEVICE_SCRIPT = Pattern.compile("(" + TicketBook.PATTERN + ")(" + ScriptTickets.TASK_SUFFIX
            + ")?\\.ipxe");

    private final DeviceLookup devices;
    private final BootTasks tasks;
    private final ScriptTickets tickets;
    private final LongSupplier nanoClock;
    private final RecentOneShots recent = new RecentOneShots();
    private final ApprovalWait approval;
    private volatile ScriptSettings settings = ScriptSettings.from(Map.of());

    /** The raw properties name a refused value (see {@link CheckedConfig}) and hold the families. */
    @Activate
    public IpxeScripts(@Reference(name = "devices") DeviceLookup devices, @Reference(name = "tasks") BootTasks tasks,
            @Reference(name = "tickets") ScriptTickets tickets, @Reference(name = "pending") PendingDevices pending,
            ScriptsConfig config, Map<String, Object> properties) {
        this(devices, tasks, tickets, pending, System::nanoTime);
        modified(config, properties);
    }

    IpxeScripts(DeviceLookup devices, BootTasks tasks, ScriptTickets tickets, PendingDevices pending,
            LongSupplier nanoClock) {
        this.devices = devices;
        this.approval = new ApprovalWait(devices, pending);
        this.tasks = tasks;
        this.tickets = tickets;
        this.nanoClock = nanoClock;
    }

    @Modified
    void modified(ScriptsConfig config, Map<String, Object> properties) {
        configure(CheckedConfig.of(ScriptsConfig.class, config, properties), properties);
    }

    /** For tests: a configuration as Config Admin holds it. */
    void configure(Map<String, ?> properties) {
        configure(CheckedConfig.of(ScriptsConfig.class, null, properties), properties);
    }

    private void configure(CheckedConfig<ScriptsConfig> checked, Map<String, ?> properties) {
        ScriptSettings next = ScriptSettings.from(checked, properties);
        next.problems().forEach(p -> LOG.error("etc/{}.cfg: {}", ScriptsConfig.PID, p));
        settings = next;
        LOG.info("iPXE scripts: local boot {}; a one-shot script is served again to the same client for {} s",
                LocalBootScript.TARGETS.stream().map(t -> t.label() + ": " + next.localBoot().lineFor(t.architecture()))
                        .collect(Collectors.joining(", ", "(", ")")), next.graceSeconds());
        LOG.info("iPXE scripts: {}", next.prompt().describe());
    }

    @Override
    public Optional<BootFile> open(String path, InetSocketAddress client) {
        if (!path.startsWith(FOLDER)) {
            return Optional.empty();
        }
        ScriptSettings s = settings;
        if (path.equals(DEFAULT_SCRIPT)) {
            served(path, client, "no device", LOCAL_BOOT);
            return file(s.localBoot().text());
        }
        if (path.equals(ArchitectureDiscovery.SCRIPT)) {
            served(path, client, "no device", "architecture discovery");
            return file(s.discovery().discoveryScript(s.localBoot().text()));
        }
        if (path.equals(ArchitectureDiscovery.X64) || path.equals(ArchitectureDiscovery.X86)) {
            boolean x64 = path.equals(ArchitectureDiscovery.X64);
            Optional<String> script = s.discovery().programScript(x64);
            served(path, client, "reported a " + (x64 ? "64-bit" : "32-bit") + " CPU",
                    script.isPresent() ? "its boot program" : LOCAL_BOOT + " (" + ArchitectureDiscovery.key(x64) + " is not set)");
            return file(script.orElse(s.localBoot().text()));
        }
        if (path.startsWith(BootAnswer.PROMPT_FOLDER)) {
            return promptedScript(path, client, s);
        }
        if (path.startsWith(BootAnswer.APPROVAL_FOLDER)) {
            return waitingScript(path, client, s);
        }
        if (!path.startsWith(ScriptTickets.FOLDER)) {
            return Optional.empty();
        }
        Matcher m = DEVICE_SCRIPT.matcher(path.substring(ScriptTickets.FOLDER.length()));
        if (!m.matches()) {
            return Optional.empty();
        }
        Optional<ScriptTickets.Issued> issued = tickets.lookup(m.group(1));
        if (issued.isEmpty()) {
            served(path, client, "an unknown or expired ticket", LOCAL_BOOT);
            return file(s.localBoot().text());
        }
        long id = issued.get().deviceId();
        if (m.group(2) == null && s.prompt().enabled()) {
            Optional<String> prompted = promptScript(path, id, m.group(1), client, s);
            if (prompted.isPresent()) {
                return file(prompted.get());
            }
        }
        return Optional.of(deviceScript(path, id, issued.get().server(), client, s));
    }

    /**
     * A new machine's script behind the prompt ({@code ipxe/prompt/<policy>/<script>}, the answer
     * policy's {@code prompt.new}): the prompt, then the script, chained from the top of the boot
     * file tree; else local boot. With prompt.timeout.s = 0, the script at once.
     */
    private Optional<BootFile> promptedScript(String path, InetSocketAddress client, ScriptSettings s) {
        Matcher m = PROMPTED.matcher(path.substring(BootAnswer.PROMPT_FOLDER.length()));
        if (!m.matches() || m.group(2).contains("..")) {
            return Optional.empty();
        }
        NetworkBootPrompt.Policy policy = NetworkBootPrompt.Policy.parse(m.group(1)).orElseThrow();
        // Relative to this script's folder, ipxe/prompt/<policy>/: up to the top of the tree.
        String script = "../../../" + m.group(2);
        if (!s.prompt().enabled()) {
            served(path, client, "a new machine", "its script " + m.group(2) + " (prompt.timeout.s = 0: no prompt)");
            return file("#!ipxe\nchain --autofree " + script + "\n");
        }
        served(path, client, "a new machine", (policy == NetworkBootPrompt.Policy.OPTIN ? "opt-in" : "opt-out")
                + " prompt (" + s.prompt().timeoutSeconds() + " s), then " + m.group(2));
        return file(s.prompt().wrap(policy, script, s.localBoot().text()));
    }

    /**
     * A machine held for approval ({@link ApprovalWait}). While the store is away it is not sent to its
     * disk: it asks again after the poll interval.
     */
    private Optional<BootFile> waitingScript(String path, InetSocketAddress client, ScriptSettings s) {
        Optional<ApprovalWait.Served> served;
        try {
            served = approval.script(path, s, Instant.now());
        } catch (StoreException e) {
            SERVED.warn("iPXE script {} for {}: the policy store failed ({}); the machine asks again in {} s", path,
                    ServedFiles.address(client), e.getMessage(), s.approvalPollSeconds());
            String self = path.substring(path.lastIndexOf('/') + 1);
            return file("#!ipxe\n:poll\nsleep " + s.approvalPollSeconds() + "\nchain --replace --autofree " + self
                    + " || goto poll\n");
        }
        if (served.isEmpty()) {
            return Optional.empty();
        }
        ApprovalWait.Served w = served.get();
        if (w.poll()) {
            SERVED.debug("iPXE script {} for {}, {}: {}", path, ServedFiles.address(client), w.who(), w.what());
        } else {
            served(path, client, w.who(), w.what());
        }
        return file(w.script());
    }

    /**
     * With the prompt on, a device with a task is asked first, as its prompt policy says; its task
     * script ({@code <ticket>-task.ipxe}, beside this one) is fetched, and a one-shot task taken,
     * only when it is to run. Empty when the device's policy is no prompt: its script is its task.
     */
    private Optional<String> promptScript(String path, long id, String ticket, InetSocketAddress client,
            ScriptSettings s) {
        Optional<Device> device;
        try {
            device = devices.find(id);
        } catch (StoreException e) {
            SERVED.warn("iPXE script {} for {}, device {}: {}, the policy store failed: {}",
                    path, ServedFiles.address(client), id,
                    LOCAL_BOOT, e.getMessage());
            return Optional.of(s.localBoot().text());
        }
        if (device.isEmpty() || device.get().task().isEmpty()) {
            served(path, client, device.map(d -> "device " + d.name() + " (id " + id + ")")
                    .orElse("device " + id + " (not prestaged)"), LOCAL_BOOT);
            return Optional.of(device.map(d -> s.localBoot().textFor(d.name())).orElse(s.localBoot().text()));
        }
        NetworkBootPrompt.Policy policy = s.prompt().policyFor(device.get().name());
        if (policy == NetworkBootPrompt.Policy.NOPROMPT) {
            return Optional.empty();
        }
        served(path, client, "device " + device.get().name() + " (id " + id + ")",
                (policy == NetworkBootPrompt.Policy.OPTIN ? "opt-in" : "opt-out") + " prompt ("
                        + s.prompt().timeoutSeconds() + " s), then its task");
        // Relative to this script: iPXE fetches it from the same server and folder.
        return Optional.of(s.prompt().wrap(policy, ticket + ScriptTickets.TASK_SUFFIX + ".ipxe",
                s.localBoot().textFor(device.get().name())));
    }

    /** Reads the device's task without taking it: a one-shot task is taken when the script is sent. */
    private BootFile deviceScript(String path, long id, InetAddress server, InetSocketAddress client,
            ScriptSettings s) {
        String who = "device " + id;
        Optional<Device> device;
        try {
            device = devices.find(id);
        } catch (StoreException e) {
            // The task stays in the store for the next boot; this boot goes on without the network.
            SERVED.warn("iPXE script {} for {}, {}: {}, the policy store failed: {}",
                    path, ServedFiles.address(client), who,
                    LOCAL_BOOT, e.getMessage());
            return bytes(s.localBoot().text());
        }
        if (device.isEmpty()) {
            served(path, client, who + " (not prestaged)", LOCAL_BOOT);
            return bytes(s.localBoot().text());
        }
        String name = device.get().name();
        String named = "device " + name + " (id " + id + ")";
        Optional<BootTask> task = device.get().task();
        if (task.isPresent() && (task.get().forGrub() || task.get().bootProgram().isPresent())) {
            // Written for the signed chain's GRUB, or a boot program the prestaged provider answers
            // with: not an iPXE script, and it stays for its own way.
            served(path, client, named, LOCAL_BOOT + " (its task is " + (task.get().forGrub() ? "written for GRUB"
                    : "a boot program") + ", not an iPXE script)");
            return bytes(s.localBoot().textFor(name));
        }
        if (task.isPresent()) {
            BootTask t = task.get();
            served(path, client, named, t.oneShot() ? ONE_SHOT : EVERY_BOOT);
            String text = withCallback(id, server, t);
            BootFile script = bytes(text);
            return t.oneShot() ? script.whenDelivering(() -> take(path, id, named, client, text, s)) : script;
        }
        Optional<String> again = recent.recall(id, client, nanoClock.getAsLong());
        if (again.isPresent()) {
            served(path, client, named, "task (one-shot, taken; asked again within " + s.graceSeconds() + " s)");
            return bytes(again.get());
        }
        served(path, client, named, LOCAL_BOOT);
        return bytes(s.localBoot().textFor(name));
    }

    /** Takes a one-shot task from the store as its script starts to go to the client: the one write. */
    private void take(String path, long id, String named, InetSocketAddress client, String text, ScriptSettings s) {
        try {
            Optional<BootTask> taken = tasks.consumeOneShotTask(id);
            recent.remember(id, client, text, nanoClock.getAsLong(),
                    TimeUnit.SECONDS.toNanos(s.graceSeconds()));
            SERVED.info("iPXE script {} for {}, {}: one-shot task {}", path, ServedFiles.address(client), named,
                    taken.isPresent() ? "taken from the store" : "already taken");
        } catch (StoreException e) {
            SERVED.warn("iPXE script {} for {}, {}: the one-shot task was sent, but the policy store failed to "
                    + "clear it: {}; clear it with pxe:task-clear",
                    path, ServedFiles.address(client), named, e.getMessage());
        }
    }

    /**
     * The task's script, after two iPXE settings: {@value #SERVER_SETTING}, the address this server
     * announced to the machine (iPXE's own next-server may be the DHCP server's; an IPv6 address in
     * brackets, so that it goes into a URL as it is), and
     * {@value #CALLBACK_SETTING}, the task's completion callback, the one place its secret is given
     * out: {@code imgfetch http://${pxe-server}:8080/boot/done/${pxe-done}}.
     */
    private String withCallback(long id, InetAddress server, BootTask task) {
        return "#!ipxe\nset " + SERVER_SETTING + " " + UrlHosts.of(server) + "\nset " + CALLBACK_SETTING + " " + id
                + "/" + tasks.taskSecret(id, task) + "\n" + task.script() + "\n";
    }

    private static BootFile bytes(String script) {
        return BootFile.of(script.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<BootFile> file(String script) {
        return Optional.of(bytes(script));
    }

    private static void served(String path, InetSocketAddress client, String who, String what) {
        SERVED.info("iPXE script {} for {}, {}: {}", path, ServedFiles.address(client), who, what);
    }

    /** How many one-shot scripts are remembered, for tests. */
    int remembered() {
        return recent.size();
    }

    @Override
    public String toString() {
        return "iPXE scripts (" + ScriptTickets.FOLDER + "<ticket>.ipxe, " + DEFAULT_SCRIPT + ")";
    }
}
