package org.karafpxe.provider.grub.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.karafpxe.api.Architecture;
import org.karafpxe.api.BootAnswer;
import org.karafpxe.api.BootFile;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.api.MacAddress;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.internal.EmbeddedStore;

/** The signed chain from the answer to GRUB's configuration, as a machine walks it. */
public class GrubChainTest {
    @Rule
    public final EmbeddedStore embedded = new EmbeddedStore();

    private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:57").orElseThrow();
    private static final InetSocketAddress MACHINE = new InetSocketAddress("10.213.0.112", 1024);
    private static final InetSocketAddress OTHER = new InetSocketAddress("10.213.0.113", 1024);
    private static final String TASK = BootTask.GRUB_HEADER + "\nlinux /k/vmlinuz console=ttyS0\nboot";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private PolicyStore store;
    private final AtomicLong clock = new AtomicLong();
    private SignedChainTickets tickets;
    private ChainDefaults defaults;
    private GrubProvider provider;
    private GrubFiles files;
    private Path shim;
    private Path grub;

    @Before
    public void start() throws Exception {
        store = embedded.store();
        tickets = new SignedChainTickets(clock::get);
        defaults = new ChainDefaults(Map.of());
        provider = new GrubProvider(store, tickets, defaults, Map.of());
        Path shim = Files.write(tmp.newFile("shim").toPath(), "SHIM".getBytes(StandardCharsets.US_ASCII));
        Path grub = Files.write(tmp.newFile("grub").toPath(), "GRUB".getBytes(StandardCharsets.US_ASCII));
        files = new GrubFiles(store, store, tickets, new GrubSettings(shim, grub, 0, "Press Esc for network boot", List.of()));
        this.shim = shim;
        this.grub = grub;
    }

    private static BootRequest.Builder firmware() {
        return BootRequest.builder(MAC, InetAddress.getLoopbackAddress()).architecture(Architecture.X64_UEFI);
    }

    private static Decision.Service service(Decision d) {
        assertTrue(d.toString(), d instanceof Decision.Service);
        return (Decision.Service) d;
    }

    private Device signed(BootTask task) {
        DeviceDraft.Builder b = DeviceDraft.builder("sb-01").mac(MAC.toString()).bootProgram(BootAnswer.SIGNED_CHAIN);
        return store.add((task == null ? b : b.task(task)).build());
    }

    /** What a client reads, or null for "not found". */
    private String read(String path, InetSocketAddress client) throws Exception {
        Optional<BootFile> file = files.open(path, client);
        if (file.isEmpty()) {
            return null;
        }
        try (BootFile f = file.get()) {
            f.delivering();
            ByteBuffer b = ByteBuffer.allocate((int) f.size());
            while (b.hasRemaining() && f.read(b, b.position()) > 0) {
                // read on
            }
            return new String(b.array(), StandardCharsets.UTF_8);
        }
    }

    @Test
    public void aOneShotGrubTaskRunsOnceThroughShimAndGrub() throws Exception {
        Device d = signed(BootTask.oneShot(TASK));
        Decision.Service s = service(provider.decide(firmware().build()));
        String shim = s.answer().bootFile();
        assertTrue(shim, shim.matches("grub/s/[a-z2-7]{26}/shimx64\\.efi"));
        assertFalse("a task is not a fall-through", s.answer().fallsThrough());
        assertTrue(s.reason(), s.reason().contains("prestaged sb-01 (by MAC): signed chain"));
        String folder = shim.substring(0, shim.lastIndexOf('/') + 1);
        assertEquals("SHIM", read(shim, MACHINE));
        assertEquals("GRUB", read(folder + "grubx64.efi", MACHINE));
        String config = read("grub/grub.cfg", MACHINE);
        assertTrue(config, config.startsWith("#!grub\n# Karaf PXE: the boot task of device sb-01"));
        assertTrue(config, config.contains("set pxe_server=127.0.0.1\nset pxe_done=" + d.id() + "/"));
        assertTrue(config, config.endsWith("linux /k/vmlinuz console=ttyS0\nboot\n"));
        assertEquals("taken as it was sent", Optional.empty(), store.find(d.id()).orElseThrow().task());
        assertEquals("another address gets no one's task", GrubFiles.NO_TASK, read("grub/grub.cfg", OTHER));
        // The next boot: no task, plain shim, and GRUB is refused so that the firmware goes on.
        Decision.Service next = service(provider.decide(firmware().build()));
        assertEquals(BootAnswer.SIGNED_CHAIN, next.answer().bootFile());
        assertTrue(next.answer().fallsThrough());
        assertEquals("SHIM", read(BootAnswer.SIGNED_CHAIN, MACHINE));
        assertEquals(null, read("grub/grubx64.efi", MACHINE));
        assertEquals("the old ticket's GRUB is refused once the task is gone", null,
                read(folder + "grubx64.efi", MACHINE));
    }

    @Test
    public void anIpxeTaskIsNotRunOnTheSignedChain() throws Exception {
        Device d = signed(BootTask.oneShot("chain http://x/a.ipxe"));
        Decision.Service s = service(provider.decide(firmware().build()));
        assertEquals(BootAnswer.SIGNED_CHAIN, s.answer().bootFile());
        assertTrue(s.answer().fallsThrough());
        assertTrue(s.reason(), s.reason().contains("its task is an iPXE script, which GRUB cannot run"));
        assertTrue("the task stays", store.find(d.id()).orElseThrow().task().isPresent());
    }

    @Test
    public void theArchitecturesDefaultChoosesTheChainForDevicesWithoutAProgram() {
        store.add(DeviceDraft.builder("pc").mac(MAC.toString()).task(BootTask.oneShot(TASK)).build());
        Decision d = provider.decide(firmware().build());
        assertTrue(d.toString(), d instanceof Decision.Pass);
        assertTrue(d.reason(), d.reason().contains("boot program none for x64-uefi, not the signed chain"));
        defaults.modified(Map.of("bootfile.x64-uefi", BootAnswer.SIGNED_CHAIN));
        assertTrue(service(provider.decide(firmware().build())).answer().bootFile().startsWith("grub/s/"));
        assertTrue("BIOS is never on the signed chain", provider.decide(firmware()
                .architecture(Architecture.X86_BIOS).build()) instanceof Decision.Pass);
        assertTrue("iPXE is answered by the iPXE provider", provider.decide(firmware()
                .userClasses(List.of("iPXE")).build()) instanceof Decision.Pass);
    }

    @Test
    public void unknownOrForgedTicketsGetNoGrub() throws Exception {
        assertEquals(null, read("grub/s/aaaaaaaaaaaaaaaaaaaaaaaaaa/grubx64.efi", MACHINE));
        assertEquals("SHIM", read("grub/s/aaaaaaaaaaaaaaaaaaaaaaaaaa/shimx64.efi", MACHINE));
        assertEquals(null, read("grub/s/../grubx64.efi", MACHINE));
        assertEquals(GrubFiles.NO_TASK, read("grub/grub.cfg", MACHINE));
        assertEquals("other names are left to other sources", null, read("grub/x86_64-efi/command.lst", MACHINE));
    }

    @Test
    public void whateverAClientAsksItGetsNoOnesTaskAndNothingThrows() throws Exception {
        signed(BootTask.oneShot(TASK));
        String shimPath = service(provider.decide(firmware().build())).answer().bootFile();
        String token = shimPath.split("/")[2];
        java.util.Random random = new java.util.Random(28);
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567ABCXYZ019/._-\\\u00e9\u0000 ";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder(random.nextBoolean() ? "grub/" : "");
            if (random.nextInt(4) == 0) {
                b.append("s/").append(random.nextBoolean() ? token.substring(0, random.nextInt(26)) : token).append('/');
            }
            int n = random.nextInt(40);
            for (int j = 0; j < n; j++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String path = b.toString();
            if (path.equals(shimPath.replace("shimx64.efi", "grubx64.efi"))) {
                continue;
            }
            String got = read(path, OTHER);
            assertTrue(path + " gave " + got, got == null || got.equals("SHIM") || got.equals(GrubFiles.NO_TASK));
            String anonymous = read(path, null);
            assertTrue(path + " gave " + anonymous, anonymous == null || anonymous.equals("SHIM")
                    || anonymous.equals(GrubFiles.NO_TASK));
        }
        assertTrue("the one-shot task is still there", store.find("sb-01").orElseThrow().task().isPresent());
        assertEquals("nothing was bound to the other address", GrubFiles.NO_TASK, read("grub/grub.cfg", OTHER));
    }

    @Test
    public void aDryRunIssuesNothing() {
        Device d = signed(BootTask.everyBoot(TASK));
        Decision.Service s = service(provider.decide(firmware().dryRun(true).build()));
        assertEquals(SignedChainTickets.placeholder(d.id()), s.answer().bootFile());
        assertEquals(0, tickets.size());
    }

    @Test
    public void ticketsAndBindingsExpire() throws Exception {
        signed(BootTask.everyBoot(TASK));
        String shim = service(provider.decide(firmware().build())).answer().bootFile();
        String grub = shim.replace("shimx64.efi", "grubx64.efi");
        assertEquals("GRUB", read(grub, MACHINE));
        assertEquals(1, tickets.bound());
        clock.addAndGet(java.util.concurrent.TimeUnit.MINUTES.toNanos(SignedChainTickets.LIFETIME_MINUTES));
        assertEquals(null, read(grub, MACHINE));
        assertEquals(GrubFiles.NO_TASK, read("grub/grub.cfg", MACHINE));
    }
    @Test
    public void withThePromptTheTaskIsFetchedOnlyWhenEscIsPressed() throws Exception {
        files = new GrubFiles(store, store, tickets, new GrubSettings(shim, grub, 5, "Press Esc now", List.of()));
        Device d = signed(BootTask.oneShot(TASK));
        String shimPath = service(provider.decide(firmware().build())).answer().bootFile();
        String folder = shimPath.substring(0, shimPath.lastIndexOf('/') + 1);
        assertEquals("GRUB", read(folder + "grubx64.efi", MACHINE));
        String prompt = read("grub/grub.cfg", MACHINE);
        assertEquals("#!grub\n# Karaf PXE: the prompt before the task of device sb-01 (id " + d.id() + ")\n"
                + "echo \"Press Esc now\"\n"
                + "if sleep --interruptible 5; then\n"
                + "  source /" + folder + "local.cfg\n"
                + "fi\n"
                + "source /" + folder + "task.cfg\n", prompt);
        assertTrue("the prompt takes nothing", store.find(d.id()).orElseThrow().task().isPresent());
        assertEquals("another address gets neither", GrubFiles.NO_TASK, read(folder + "task.cfg", OTHER));
        assertEquals(GrubFiles.NO_TASK, read(folder + "local.cfg", OTHER));
        // Not pressed: the restart, and local boot for a while; the task stays.
        assertEquals(GrubFiles.PROMPT_PASSED, read(folder + "local.cfg", MACHINE));
        Decision.Service next = service(provider.decide(firmware().build()));
        assertEquals(BootAnswer.SIGNED_CHAIN, next.answer().bootFile());
        assertTrue(next.reason(), next.reason().contains("no key pressed at its prompt 0 s ago: local boot"));
        assertTrue(store.find(d.id()).orElseThrow().task().isPresent());
        clock.addAndGet(java.util.concurrent.TimeUnit.SECONDS.toNanos(SignedChainTickets.DECLINE_SECONDS));
        // Pressed, on a later boot: the task, taken as it is sent.
        String again = service(provider.decide(firmware().build())).answer().bootFile();
        String folder2 = again.substring(0, again.lastIndexOf('/') + 1);
        assertEquals("GRUB", read(folder2 + "grubx64.efi", MACHINE));
        assertTrue(read("grub/grub.cfg", MACHINE).contains("sleep --interruptible 5"));
        String task = read(folder2 + "task.cfg", MACHINE);
        assertTrue(task, task.endsWith("linux /k/vmlinuz console=ttyS0\nboot\n"));
        assertEquals(Optional.empty(), store.find(d.id()).orElseThrow().task());
    }

    @Test
    public void badPromptSettingsAreReportedAndReplaced() {
        GrubSettings s = GrubSettings.from(Map.of("prompt.timeout.s", "601", "prompt.text", "Press \"Esc\" $now"));
        assertEquals(0, s.promptSeconds());
        assertEquals("Press Esc for network boot", s.promptText());
        assertEquals(2, s.problems().size());
        assertTrue(s.problems().get(0), s.problems().get(0).startsWith("prompt.timeout.s = '601' is not a whole number from 0 to 600"));
    }
}
