package org.karafpxe.provider.ipxe.internal;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.karafpxe.api.BootFile;
import org.karafpxe.api.BootFileSource;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.Device;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.StoreException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the iPXE scripts the provider answers with, at ranking {@value #RANKING} (before the boot
 * file directory):
 *
 * <ul>
 *   <li>{@code ipxe/device-<id>.ipxe}: the device's boot task, taking a one-shot task from the
 *       store as it is served; without a task (none, already taken, device removed) the local-boot
 *       script. A client that opens its one-shot script again within {@code oneshot.grace.s}
 *       seconds gets it again, since the store no longer has it.</li>
 *   <li>{@code ipxe/default.ipxe}: the local-boot script, for clients that are not prestaged.</li>
 * </ul>
 *
 * Other names under {@code ipxe/} are left to the other sources. Each script served is logged on
 * {@value #SERVED_LOGGER}.
 */
@Component(service = {}, configurationPid = IpxeProvider.PID)
public final class IpxeScripts implements BootFileSource {
    static final int RANKING = 100;
    static final String FOLDER = "ipxe/";
    static final String DEFAULT_SCRIPT = FOLDER + "default.ipxe";
    static final String SERVED_LOGGER = "org.karafpxe.ipxe.scripts";

    static final String ONE_SHOT = "task (one-shot, now cleared)";
    static final String EVERY_BOOT = "task (every boot)";
    static final String LOCAL_BOOT = "local boot";

    private static final Logger LOG = LoggerFactory.getLogger(IpxeScripts.class);
    private static final Logger SERVED = LoggerFactory.getLogger(SERVED_LOGGER);
    // Ids as the store writes them: no sign, no leading zero, in long range.
    private static final Pattern DEVICE_SCRIPT = Pattern.compile("(device|task)-([1-9][0-9]{0,17})\\.ipxe");

    @Reference
    private PolicyStore store;

    private final LongSupplier nanoClock;
    private final RecentOneShots recent = new RecentOneShots();
    private volatile ScriptSettings settings = ScriptSettings.from(Map.of());
    private ServiceRegistration<BootFileSource> registration;

    public IpxeScripts() {
        this(System::nanoTime);
    }

    IpxeScripts(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** The script the provider names for a device. */
    static String devicePath(long deviceId) {
        return FOLDER + "device-" + deviceId + ".ipxe";
    }

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        configure(properties);
        registration = FileSources.register(context, this, RANKING);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        configure(properties);
    }

    @Deactivate
    void deactivate() {
        FileSources.unregister(registration);
        registration = null;
    }

    void configure(Map<String, ?> properties) {
        ScriptSettings next = ScriptSettings.from(properties);
        next.problems().forEach(p -> LOG.error("etc/{}.cfg: {}", IpxeProvider.PID, p));
        settings = next;
        LOG.info("iPXE scripts: local boot {}; a one-shot script is served again to the same client for {} s",
                LocalBootScript.TARGETS.stream().map(t -> t.label() + ": " + next.localBoot().lineFor(t.architecture()))
                        .collect(Collectors.joining(", ", "(", ")")), next.graceSeconds());
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
                    script.isPresent() ? "its boot program" : LOCAL_BOOT + " (" + (x64 ? ArchitectureDiscovery.X64_KEY
                            : ArchitectureDiscovery.X86_KEY) + " is not set)");
            return file(script.orElse(s.localBoot().text()));
        }
        Matcher m = DEVICE_SCRIPT.matcher(path.substring(FOLDER.length()));
        if (!m.matches()) {
            return Optional.empty();
        }
        long id = Long.parseLong(m.group(2));
        if (m.group(1).equals("device") && s.prompt().enabled()) {
            return file(promptScript(path, id, client, s));
        }
        return file(deviceScript(path, id, client, s));
    }

    /**
     * With the prompt on, a device with a task is asked first; its task script (task-<id>.ipxe,
     * beside this one) is fetched, and a one-shot task taken, only when the key is pressed.
     */
    private String promptScript(String path, long id, InetSocketAddress client, ScriptSettings s) {
        Optional<Device> device;
        try {
            device = store.find(id);
        } catch (StoreException e) {
            SERVED.warn("iPXE script {} for {}, device {}: {}, the policy store failed: {}", path, address(client), id,
                    LOCAL_BOOT, e.getMessage());
            return s.localBoot().text();
        }
        if (device.isEmpty() || device.get().task().isEmpty()) {
            served(path, client, device.map(d -> "device " + d.name() + " (id " + id + ")")
                    .orElse("device " + id + " (not prestaged)"), LOCAL_BOOT);
            return device.map(d -> s.localBoot().textFor(d.name())).orElse(s.localBoot().text());
        }
        served(path, client, "device " + device.get().name() + " (id " + id + ")",
                "prompt (" + s.prompt().timeoutSeconds() + " s), then its task");
        return s.prompt().wrap(taskPath(id).substring(FOLDER.length()), s.localBoot().textFor(device.get().name()));
    }

    /** The task script of a device, fetched after the prompt. */
    static String taskPath(long deviceId) {
        return FOLDER + "task-" + deviceId + ".ipxe";
    }

    private String deviceScript(String path, long id, InetSocketAddress client, ScriptSettings s) {
        String who = "device " + id;
        String name = "";
        Optional<BootTask> task;
        try {
            Optional<Device> device = store.find(id);
            if (device.isEmpty()) {
                served(path, client, who + " (not prestaged)", LOCAL_BOOT);
                return s.localBoot().text();
            }
            name = device.get().name();
            who = "device " + name + " (id " + id + ")";
            task = store.consumeOneShotTask(id);
        } catch (StoreException e) {
            // The task stays in the store for the next boot; this boot goes on without the network.
            SERVED.warn("iPXE script {} for {}, {}: {}, the policy store failed: {}", path, address(client), who,
                    LOCAL_BOOT, e.getMessage());
            return s.localBoot().text();
        }
        long now = nanoClock.getAsLong();
        if (task.isPresent()) {
            BootTask t = task.get();
            String script = t.ipxeScript();
            if (t.oneShot()) {
                recent.remember(id, client, script, now, TimeUnit.SECONDS.toNanos(s.graceSeconds()));
            }
            served(path, client, who, t.oneShot() ? ONE_SHOT : EVERY_BOOT);
            return script;
        }
        Optional<String> again = recent.recall(id, client, now);
        if (again.isPresent()) {
            served(path, client, who, "task (one-shot, cleared; asked again within " + s.graceSeconds() + " s)");
            return again.get();
        }
        served(path, client, who, LOCAL_BOOT);
        return s.localBoot().textFor(name);
    }

    private static Optional<BootFile> file(String script) {
        return Optional.of(BootFile.of(script.getBytes(StandardCharsets.UTF_8)));
    }

    private static void served(String path, InetSocketAddress client, String who, String what) {
        SERVED.info("iPXE script {} for {}, {}: {}", path, address(client), who, what);
    }

    private static String address(InetSocketAddress client) {
        if (client == null) {
            return "an unknown client";
        }
        return client.getAddress() != null ? client.getAddress().getHostAddress() : client.getHostString();
    }

    /** How many one-shot scripts are remembered, for tests. */
    int remembered() {
        return recent.size();
    }

    @Override
    public String toString() {
        return "iPXE scripts (" + FOLDER + "device-<id>.ipxe, " + FOLDER + "task-<id>.ipxe, " + DEFAULT_SCRIPT + ")";
    }
}
