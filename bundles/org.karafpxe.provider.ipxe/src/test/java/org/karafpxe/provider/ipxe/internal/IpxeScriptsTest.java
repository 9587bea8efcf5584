package org.karafpxe.provider.ipxe.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.karafpxe.api.BootFile;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.PendingDevices;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.StorageException;
import org.karafpxe.store.internal.EmbeddedStore;

public class IpxeScriptsTest {
    @Rule
    public final EmbeddedStore embedded = new EmbeddedStore();

    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.15", 2070);
    /** This server's address as announced to the machines. */
    private static final InetAddress SERVER = new InetSocketAddress("192.0.2.1", 0).getAddress();
    private static final InetSocketAddress SAME_CLIENT_OTHER_PORT = new InetSocketAddress("192.0.2.15", 2071);
    private static final InetSocketAddress OTHER_CLIENT = new InetSocketAddress("192.0.2.16", 2070);
    private static final BootTask REIMAGE = BootTask.oneShot("chain http://192.0.2.1/reimage.ipxe");
    private int devices;

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ScriptTickets tickets = new ScriptTickets(now::get);
    private PolicyStore store;
    private IpxeScripts scripts;
    private String localBoot;

    @Before
    public void start() throws Exception {
        store = embedded.store();
        scripts = scripts(store, Map.of());
        localBoot = LocalBootScript.standard().text();
    }

    private IpxeScripts scripts(PolicyStore with, Map<String, ?> config) throws Exception {
        IpxeScripts s = new IpxeScripts(with, with, tickets, (PendingDevices) with, now::get);
        s.configure(config);
        return s;
    }

    /** A task's script as served: with its completion callback first. */
    private String served(Device d, BootTask task) {
        return "#!ipxe\nset pxe-server 192.0.2.1\nset " + IpxeScripts.CALLBACK_SETTING + " " + d.id() + "/"
                + store.taskSecret(d.id(), task) + "\n" + task.script() + "\n";
    }

    /** The script an answer names for the device now. */
    private String scriptOf(long deviceId) {
        return tickets.scriptFor(deviceId, SERVER);
    }

    /** The task behind the prompt, beside the device's script. */
    private static String taskOf(String script) {
        return script.replace(".ipxe", ScriptTickets.TASK_SUFFIX + ".ipxe");
    }

    /** What a size probe (TFTP tsize then error 8) or an HTTP HEAD does: opens, reads the size, sends nothing. */
    private long probe(String path, InetSocketAddress client) throws Exception {
        try (BootFile f = scripts.open(path, client).orElseThrow()) {
            return f.size();
        }
    }

    private void advanceSeconds(long seconds) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    private String read(String path, InetSocketAddress client) throws Exception {
        Optional<BootFile> file = scripts.open(path, client);
        assertTrue(path + " is not served", file.isPresent());
        try (BootFile f = file.get()) {
            f.delivering(); // as the TFTP and HTTP servers do when the content starts to go out
            ByteBuffer b = ByteBuffer.allocate((int) f.size());
            while (b.hasRemaining() && f.read(b, b.position()) > 0) {
                // read on
            }
            return new String(b.array(), StandardCharsets.UTF_8);
        }
    }

    private Device device(String name, BootTask task) {
        DeviceDraft.Builder b = DeviceDraft.builder(name).mac(String.format("52:54:00:00:00:%02x", ++devices));
        return store.add(task == null ? b.build() : b.task(task).build());
    }

    @Test
    public void aOneShotTaskIsServedOnceAndCleared() throws Exception {
        Device d = device("pc-01", REIMAGE);
        String path = scriptOf(d.id());
        assertEquals("#!ipxe\nset pxe-server 192.0.2.1\nset pxe-done " + d.id() + "/" + store.taskSecret(d.id(), REIMAGE)
                + "\nchain http://192.0.2.1/reimage.ipxe\n", read(path, CLIENT));
        assertEquals(Optional.empty(), store.find(d.id()).orElseThrow().task());
        // at once: a fast reboot must not run it twice
        assertEquals(localBoot, read(path, CLIENT));
    }

    @Test
    public void aSizeProbeOrAHeadNeitherTakesTheOneShotTaskNorWritesToTheStore() throws Exception {
        Device d = device("pc-01", REIMAGE);
        String path = scriptOf(d.id());
        assertEquals(served(d, REIMAGE).length(), probe(path, CLIENT));
        assertEquals(served(d, REIMAGE).length(), probe(path, OTHER_CLIENT));
        assertEquals(Optional.of(REIMAGE), store.find(d.id()).orElseThrow().task());
        assertEquals(served(d, REIMAGE), read(path, CLIENT));
        assertEquals(Optional.empty(), store.find(d.id()).orElseThrow().task());
    }

    @Test
    public void aScriptIsNamedByAnUnguessableTicketNotByTheDeviceId() throws Exception {
        Device d = device("pc-01", REIMAGE);
        String path = scriptOf(d.id());
        assertTrue(path, path.matches("ipxe/s/[a-z2-7]{26}\\.ipxe"));
        assertEquals("the answers to one boot's repeated requests name one script", path, scriptOf(d.id()));
        assertEquals("a device's id names nothing", Optional.empty(),
                scripts.open("ipxe/device-" + d.id() + ".ipxe", OTHER_CLIENT));
        advanceSeconds(61);
        String next = scriptOf(d.id());
        assertTrue(path + " " + next, !next.equals(path));
        String ticket = path.substring(ScriptTickets.FOLDER.length(), path.length() - ".ipxe".length());
        assertEquals("the ticket in any case", served(d, REIMAGE),
                read(ScriptTickets.FOLDER + ticket.toUpperCase(Locale.ROOT) + ".ipxe", CLIENT));
        advanceSeconds(TimeUnit.MINUTES.toSeconds(ScriptTickets.LIFETIME_MINUTES));
        store.setTask(d.name(), Optional.of(REIMAGE));
        assertEquals("an expired ticket names no device", localBoot, read(next, CLIENT));
        assertEquals(Optional.of(REIMAGE), store.find(d.id()).orElseThrow().task());
    }

    @Test
    public void ticketsAreCapped() {
        for (long id = 1; id <= ScriptTickets.MAX + 5; id++) {
            tickets.scriptFor(id, SERVER);
        }
        assertEquals(ScriptTickets.MAX, tickets.size());
        assertTrue(tickets.lookup("nope").isEmpty());
    }

    @Test
    public void theSameClientGetsTheOneShotAgainWithinTheGracePeriodOnly() throws Exception {
        scripts = scripts(store, Map.of("oneshot.grace.s", "60"));
        Device d = device("pc-01", REIMAGE);
        String path = scriptOf(d.id());
        String task = read(path, CLIENT);
        assertEquals(served(d, REIMAGE), task);
        // A request sent again comes from the same port; a reboot fetches from a new one, and must not
        // run the one-shot task twice however quickly it comes.
        assertEquals(localBoot, read(path, SAME_CLIENT_OTHER_PORT));
        advanceSeconds(59);
        assertEquals(task, read(path, CLIENT));
        assertEquals(1, scripts.remembered());
        advanceSeconds(1);
        assertEquals(localBoot, read(path, CLIENT));
        assertEquals(0, scripts.remembered());
    }

    @Test
    public void anotherClientAfterTheOneShotWasTakenGetsLocalBoot() throws Exception {
        Device d = device("pc-01", REIMAGE);
        String path = scriptOf(d.id());
        assertEquals(served(d, REIMAGE), read(path, CLIENT));
        assertEquals(localBoot, read(path, OTHER_CLIENT));
    }

    @Test
    public void theGracePeriodIsConfigurableAndZeroServesOnce() throws Exception {
        scripts = scripts(store, Map.of("oneshot.grace.s", "0"));
        Device d = device("pc-01", REIMAGE);
        String path = scriptOf(d.id());
        assertEquals(served(d, REIMAGE), read(path, CLIENT));
        assertEquals(localBoot, read(path, CLIENT));
        assertEquals(0, scripts.remembered());

        scripts = scripts(store, Map.of("oneshot.grace.s", "300"));
        store.setTask(Long.toString(d.id()), Optional.of(REIMAGE));
        read(path, CLIENT);
        advanceSeconds(299);
        assertEquals(served(d, REIMAGE), read(path, CLIENT));
    }

    @Test
    public void aNewTaskSetWithinTheGracePeriodIsServed() throws Exception {
        scripts = scripts(store, Map.of("oneshot.grace.s", "60"));
        Device d = device("pc-01", REIMAGE);
        String path = scriptOf(d.id());
        read(path, CLIENT);
        BootTask next = BootTask.oneShot("chain http://192.0.2.1/wipe.ipxe");
        store.setTask(d.name(), Optional.of(next));
        assertEquals(served(d, next), read(path, CLIENT));
        assertEquals(served(d, next), read(path, CLIENT));
    }

    @Test
    public void aTaskForEveryBootStays() throws Exception {
        BootTask kiosk = BootTask.everyBoot("chain http://192.0.2.1/kiosk.ipxe");
        Device d = device("kiosk", kiosk);
        String path = scriptOf(d.id());
        assertEquals(served(d, kiosk), read(path, CLIENT));
        advanceSeconds(3600);
        assertEquals("the next boot's answer", served(d, kiosk), read(scriptOf(d.id()), OTHER_CLIENT));
        assertEquals(Optional.of(kiosk), store.find(d.id()).orElseThrow().task());
        assertEquals(0, scripts.remembered());
    }

    @Test
    public void aDeviceWithoutTaskOrRemovedBootsLocally() throws Exception {
        Device plain = device("plain", null);
        assertEquals(localBoot, read(scriptOf(plain.id()), CLIENT));
        Device gone = device("gone", REIMAGE);
        store.remove(gone.name());
        assertEquals(localBoot, read(scriptOf(gone.id()), CLIENT));
        assertEquals("an unknown ticket", localBoot, read("ipxe/s/abcdefghijklmnopqrstuvwxyz.ipxe", CLIENT));
    }

    @Test
    public void defaultScriptIsTheConfiguredLocalBoot() throws Exception {
        assertEquals(localBoot, read("ipxe/default.ipxe", CLIENT));
        assertTrue(localBoot, localBoot.startsWith("#!ipxe\n"));
        Map<String, String> config = Map.of("localboot.x86-bios", "sanboot --no-describe --drive 0x80");
        scripts = scripts(store, config);
        String configured = read("ipxe/default.ipxe", CLIENT);
        assertEquals(LocalBootScript.from(config).text(), configured);
        assertTrue(configured, configured.contains(":x86-bios\nsanboot --no-describe --drive 0x80\nexit 1\n"));
        Device plain = device("plain", null);
        assertEquals(configured, read(scriptOf(plain.id()), null));
    }

    @Test
    public void otherNamesAreLeftToTheOtherSources() throws Exception {
        Device d = device("pc-01", REIMAGE);
        String script = scriptOf(d.id());
        for (String name : new String[] {"ipxe/menu.ipxe", "ipxe/device-" + d.id() + ".ipxe",
                "ipxe/task-" + d.id() + ".ipxe", "ipxe/device-x.ipxe", script + ".bak", "ipxe/sub/" + script,
                "IPXE/default.ipxe", "default.ipxe", "undionly.kpxe", "ipxe/s/short.ipxe", "ipxe/s/" + d.id() + ".ipxe",
                script.replace(".ipxe", "x.ipxe"), script.replace("ipxe/s/", "ipxe/s/s/")}) {
            assertEquals(name, Optional.empty(), scripts.open(name, CLIENT));
        }
        assertEquals("none of them took the task", Optional.of(REIMAGE), store.find(d.id()).orElseThrow().task());
    }

    @Test
    public void aStoreThatFailsMeansLocalBoot() throws Exception {
        PolicyStore broken = (PolicyStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PolicyStore.class, PendingDevices.class}, (proxy, method, args) -> {
                    throw new StorageException("the database cannot be reached", null);
                });
        scripts = scripts(broken, Map.of("approval.poll.s", "4"));
        assertEquals(localBoot, read(scriptOf(1), CLIENT));
        assertEquals("a machine waiting for approval is not sent to its disk: it asks again",
                "#!ipxe\n:poll\nsleep 4\nchain --replace --autofree 1800000000.ipxe || goto poll\n",
                read("ipxe/pending/" + "a".repeat(26) + "/1800000000.ipxe", CLIENT));
    }

    @Test
    public void badSettingsAreReportedAndDefaultsUsed() {
        ScriptSettings s = ScriptSettings.from(Map.of("oneshot.grace.s", "a minute", "localboot", ""));
        assertEquals(0, s.graceSeconds());
        assertEquals(2, s.problems().size());
        assertTrue(s.problems().toString(), s.problems().contains("oneshot.grace.s = 'a minute' is not a whole "
                + "number from 0 to 3600; using 0"));
        assertEquals(0, ScriptSettings.from(Map.of("oneshot.grace.s", "3601")).graceSeconds());
        assertEquals(3600, ScriptSettings.from(Map.of("oneshot.grace.s", " 3600 ")).graceSeconds());
        assertEquals(0, ScriptSettings.from(Map.of()).graceSeconds());
    }

    @Test
    public void withThePromptATaskRunsOnlyWhenTheKeyIsPressed() throws Exception {
        scripts = scripts(store, Map.of("prompt.timeout.s", "5"));
        Device d = device("pc-01", REIMAGE);
        String script = scriptOf(d.id());
        String wrapper = read(script, CLIENT);
        String task = taskOf(script);
        assertTrue(wrapper, wrapper.startsWith("#!ipxe\nprompt --key 0x197e --timeout 5000 Press F12 for network boot"
                + " || goto local\nchain --autofree " + task.substring(ScriptTickets.FOLDER.length())
                + " || goto local\n:local\n"));
        assertTrue(wrapper, wrapper.contains("exit 1"));
        assertEquals("the wrapper does not take the one-shot task", Optional.of(REIMAGE),
                store.find(d.id()).orElseThrow().task());
        assertEquals(served(d, REIMAGE), read(task, CLIENT));
        assertEquals(Optional.empty(), store.find(d.id()).orElseThrow().task());
        assertEquals("no task: no prompt, local boot", localBoot, read(scriptOf(d.id()), CLIENT));
    }

    @Test
    public void promptSettingsAreChecked() {
        NetworkBootPrompt p = NetworkBootPrompt.from(Map.of("prompt.timeout.s", "ten", "prompt.key", "F12",
                "prompt.known", "sometimes", "prompt.device.", "optout"));
        assertEquals(0, p.timeoutSeconds());
        assertEquals(NetworkBootPrompt.F12, p.keyFor(NetworkBootPrompt.Policy.OPTIN));
        assertEquals(NetworkBootPrompt.ESC, p.keyFor(NetworkBootPrompt.Policy.OPTOUT));
        assertEquals(NetworkBootPrompt.Policy.OPTIN, p.known());
        assertEquals(p.problems().toString(), 4, p.problems().size());
        assertTrue(p.problems().toString(), p.problems().get(2).startsWith("prompt.known = 'sometimes' is not a prompt "
                + "policy: use optin"));
        assertEquals(0x0d, NetworkBootPrompt.from(Map.of("prompt.key", "0x0d")).keyFor(NetworkBootPrompt.Policy.OPTOUT));
        assertEquals(1, NetworkBootPrompt.from(Map.of("prompt.text", "two\nlines")).problems().size());
        NetworkBootPrompt off = NetworkBootPrompt.from(Map.of("prompt.known", "optout"));
        assertEquals("no timeout, no prompt", NetworkBootPrompt.Policy.NOPROMPT, off.policyFor("pc-01"));
    }

    @Test
    public void theOptOutPromptRunsTheTaskUnlessTheKeyIsPressed() throws Exception {
        scripts = scripts(store, Map.of("prompt.timeout.s", "5", "prompt.known", "opt-out"));
        Device d = device("pc-01", REIMAGE);
        String script = scriptOf(d.id());
        String wrapper = read(script, CLIENT);
        String task = taskOf(script);
        assertTrue(wrapper, wrapper.startsWith("#!ipxe\nprompt --key 0x1b --timeout 5000 Press Esc to boot from the "
                + "disk instead || goto task\ngoto local\n:task\nchain --autofree "
                + task.substring(ScriptTickets.FOLDER.length()) + " || goto local\n:local\n"));
        assertEquals("the wrapper does not take the one-shot task", Optional.of(REIMAGE),
                store.find(d.id()).orElseThrow().task());
    }

    @Test
    public void aDevicesOwnPolicyWinsAndNoPromptServesTheTaskAtOnce() throws Exception {
        scripts = scripts(store, Map.of("prompt.timeout.s", "5", "prompt.known", "optin",
                "prompt.device.PC-02", "noprompt", "prompt.device.pc-03", "optout"));
        Device optIn = device("pc-01", REIMAGE);
        Device none = device("pc-02", REIMAGE);
        Device optOut = device("pc-03", REIMAGE);
        assertTrue(read(scriptOf(optIn.id()), CLIENT).contains("--key 0x197e"));
        assertTrue(read(scriptOf(optOut.id()), CLIENT).contains("--key 0x1b"));
        assertEquals("no prompt: the device's script is its task", served(none, REIMAGE),
                read(scriptOf(none.id()), CLIENT));
        assertEquals(Optional.empty(), store.find(none.id()).orElseThrow().task());
    }

    @Test
    public void aNewMachinesScriptIsServedBehindThePrompt() throws Exception {
        scripts = scripts(store, Map.of("prompt.timeout.s", "4"));
        String optIn = read("ipxe/prompt/optin/menus/install.ipxe", CLIENT);
        assertTrue(optIn, optIn.startsWith("#!ipxe\nprompt --key 0x197e --timeout 4000 Press F12 for network boot"
                + " || goto local\nchain --autofree ../../../menus/install.ipxe || goto local\n:local\n"));
        assertTrue(optIn, optIn.contains("exit 1"));
        String optOut = read("ipxe/prompt/optout/install.ipxe", CLIENT);
        assertTrue(optOut, optOut.startsWith("#!ipxe\nprompt --key 0x1b --timeout 4000 Press Esc"));
        for (String bad : new String[] {"ipxe/prompt/sometimes/install.ipxe", "ipxe/prompt/optin/",
                "ipxe/prompt/optin/a b.ipxe", "ipxe/prompt/optin/x/../../secret", "ipxe/prompt/optin/x;chain"}) {
            assertEquals(bad, Optional.empty(), scripts.open(bad, CLIENT));
        }
        scripts = scripts(store, Map.of());
        assertEquals("no timeout: the script at once", "#!ipxe\nchain --autofree ../../../install.ipxe\n",
                read("ipxe/prompt/optin/install.ipxe", CLIENT));
    }

    @Test
    public void aDeviceCanHaveItsOwnLocalBootLine() throws Exception {
        scripts = scripts(store, Map.of("localboot.device.PC-01", "sanboot --no-describe --drive 0x80"));
        Device d = device("pc-01", null);
        Device other = device("pc-02", null);
        assertEquals("#!ipxe\n# Nothing to do on the network: back to the firmware, the way this device needs.\n"
                + "sanboot --no-describe --drive 0x80\nexit 1\n", read(scriptOf(d.id()), CLIENT));
        assertEquals(localBoot, read(scriptOf(other.id()), CLIENT));
    }

    @Test
    public void architectureDiscoveryTestsTheCpuThenSendsTheMatchingProgram() throws Exception {
        scripts = scripts(store, Map.of("discovery.x64-bios", "boot/x64/pxeboot.n12",
                "discovery.x86-bios", "http://192.0.2.1:8080/boot/x86/pxeboot.n12"));
        String discover = read("ipxe/discover.ipxe", CLIENT);
        assertTrue(discover, discover.startsWith("#!ipxe\n"));
        assertTrue(discover, discover.contains("iseq ${platform} pcbios || goto local\n"));
        assertTrue(discover, discover.contains("cpuid --ext 29 && chain --autofree discovered-x64-bios.ipxe || "
                + "chain --autofree discovered-x86-bios.ipxe || goto local\n"));
        assertTrue(discover, discover.contains(":local\n") && discover.contains("exit 1"));
        assertEquals("#!ipxe\nchain --autofree /boot/x64/pxeboot.n12 || exit 1\n",
                read("ipxe/discovered-x64-bios.ipxe", CLIENT));
        assertEquals("#!ipxe\nchain --autofree http://192.0.2.1:8080/boot/x86/pxeboot.n12 || exit 1\n",
                read("ipxe/discovered-x86-bios.ipxe", CLIENT));
    }

    @Test
    public void aDiscoveredArchitectureWithoutAProgramBootsLocally() throws Exception {
        assertEquals(localBoot, read("ipxe/discovered-x64-bios.ipxe", CLIENT));
        assertEquals(1, ScriptSettings.from(Map.of("discovery.x86-bios", "two words")).problems().size());
    }
}
