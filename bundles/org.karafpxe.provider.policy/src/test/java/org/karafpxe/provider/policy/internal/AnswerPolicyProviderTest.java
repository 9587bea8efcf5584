package org.karafpxe.provider.policy.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.karafpxe.api.Architecture;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.api.ExchangePort;
import org.karafpxe.api.MacAddress;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.PendingDevice;
import org.karafpxe.store.PendingDevices;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.internal.EmbeddedStore;
import org.karafpxe.store.internal.ReferralResolver;
import org.karafpxe.support.CheckedConfig;

public class AnswerPolicyProviderTest {
    @Rule
    public final EmbeddedStore embedded = new EmbeddedStore();

    private static final MacAddress KNOWN = MacAddress.parse("52:54:00:00:00:01").orElseThrow();
    private static final MacAddress STRANGER = MacAddress.parse("52:54:00:00:00:02").orElseThrow();

    private PolicyStore store;
    private AnswerPolicyProvider provider;

    @Before
    public void start() throws Exception {
        store = embedded.store();
        store.add(DeviceDraft.builder("known").mac(KNOWN.toString()).build());
        provider = new AnswerPolicyProvider(store, (PendingDevices) store, new ReferralResolver(name -> {
            throw new UnknownHostException(name);
        }, Runnable::run, System::currentTimeMillis), CheckedConfig.typed(AnswerPolicyProvider.Config.class, Map.of()), Map.of());
    }

    private void configure(String... keyValues) {
        Map<String, Object> p = new HashMap<>(Map.of("bootfile.x86-bios", "undionly.kpxe"));
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put(keyValues[i], keyValues[i + 1]);
        }
        provider.configure(CheckedConfig.typed(AnswerPolicyProvider.Config.class, p), p);
    }

    private static BootRequest request(MacAddress mac, int secs) {
        return BootRequest.builder(mac, InetAddress.getLoopbackAddress()).architecture(Architecture.X86_BIOS)
                .secs(secs).build();
    }

    @Test
    public void allAnswersEveryoneWithTheArchitectureDefault() {
        configure("mode", "all");
        Decision d = provider.decide(request(STRANGER, 0));
        assertEquals("undionly.kpxe", ((Decision.Service) d).answer().bootFile());
        Decision arm = provider.decide(BootRequest.builder(STRANGER, InetAddress.getLoopbackAddress())
                .architecture(Architecture.ARM64_UEFI).build());
        assertTrue(arm instanceof Decision.Pass);
    }

    @Test
    public void knownIgnoresStrangersAndAnswersPrestaged() {
        configure("mode", "known");
        Decision stranger = provider.decide(request(STRANGER, 30));
        assertTrue(stranger instanceof Decision.Ignore);
        assertEquals("not prestaged, and the answer policy is known", stranger.reason());
        assertTrue(provider.decide(request(KNOWN, 0)) instanceof Decision.Service);
    }

    @Test
    public void aNewMachinesIpxeScriptGoesBehindThePromptOfPromptNew() {
        configure("prompt.new", "opt-in", "bootfile.ipxe", "menu.ipxe");
        BootRequest ipxe = BootRequest.builder(STRANGER, InetAddress.getLoopbackAddress()).userClasses(List.of("iPXE"))
                .build();
        assertEquals("ipxe/prompt/optin/menu.ipxe", ((Decision.Service) provider.decide(ipxe)).answer().bootFile());
        assertEquals("the firmware gets its boot program as before", "undionly.kpxe",
                ((Decision.Service) provider.decide(request(STRANGER, 0))).answer().bootFile());
        BootRequest knownIpxe = BootRequest.builder(KNOWN, InetAddress.getLoopbackAddress()).userClasses(List.of("iPXE"))
                .build();
        assertEquals("prestaged machines follow prompt.known instead", "menu.ipxe",
                ((Decision.Service) provider.decide(knownIpxe)).answer().bootFile());
        configure("prompt.new", "optout", "bootfile.ipxe", "ipxe/default.ipxe");
        assertEquals("a script that boots locally is not worth a prompt", "ipxe/default.ipxe",
                ((Decision.Service) provider.decide(ipxe)).answer().bootFile());
        configure("prompt.new", "sometimes", "bootfile.ipxe", "menu.ipxe");
        assertEquals("menu.ipxe", ((Decision.Service) provider.decide(ipxe)).answer().bootFile());
        assertTrue(PolicySettings.from(Map.of("prompt.new", "sometimes")).problems().get(0)
                .startsWith("prompt.new = 'sometimes' is not a prompt policy"));
    }

    @Test
    public void noneIgnoresEveryone() {
        configure("mode", "none");
        assertTrue(provider.decide(request(KNOWN, 0)) instanceof Decision.Ignore);
    }

    @Test
    public void responseDelayIsMeasuredBySecsAndSparesPrestagedClients() {
        configure("delay.secs", "10");
        Decision early = provider.decide(request(STRANGER, 4));
        assertTrue(early instanceof Decision.Ignore);
        assertTrue(early.reason(), early.reason().contains("waiting 10 s, client has tried 4 s"));
        assertTrue(provider.decide(request(STRANGER, 12)) instanceof Decision.Service);
        assertTrue("answered once it has tried longer than the delay, not as long",
                provider.decide(request(STRANGER, 10)) instanceof Decision.Ignore);
        assertTrue(provider.decide(request(STRANGER, 11)) instanceof Decision.Service);
        assertTrue("prestaged clients are answered at once", provider.decide(request(KNOWN, 0)) instanceof Decision.Service);
        BootRequest onBootServerPort = BootRequest.builder(MacAddress.parse("52:54:00:00:00:03").orElseThrow(),
                InetAddress.getLoopbackAddress()).port(ExchangePort.PXE_BOOT_SERVER).build();
        assertTrue("4011 follows an accepted offer", provider.decide(onBootServerPort) instanceof Decision.Service);
    }

    @Test
    public void prestagedDeviceWithAReferralIsReferredWithTheDefault() throws Exception {
        store.add(DeviceDraft.builder("referred").mac("52:54:00:00:00:07").referralServer("192.0.2.9").build());
        configure("mode", "known");
        Decision d = provider.decide(request(MacAddress.parse("52:54:00:00:00:07").orElseThrow(), 0));
        Decision.Service s = (Decision.Service) d;
        assertEquals("undionly.kpxe", s.answer().bootFile());
        assertEquals(InetAddress.getByName("192.0.2.9"), s.answer().bootServer().orElseThrow());
        assertTrue(s.reason(), s.reason().contains("prestaged referred, x86-bios default: referred to 192.0.2.9"));
    }

    @Test
    public void clientThatNeverCountsSecsIsAnsweredOnceThisServerHasSeenItLongEnough() {
        BootAttempts attempts = new BootAttempts();
        long t0 = 1_000_000_000L;
        assertEquals(0, attempts.elapsedSeconds(STRANGER, 0, t0));
        assertEquals(8, attempts.elapsedSeconds(STRANGER, 0, t0 + 8_000_000_000L));
        assertEquals(20, attempts.elapsedSeconds(STRANGER, 20, t0 + 9_000_000_000L));
        assertEquals("a minute of silence starts a new attempt", 0,
                attempts.elapsedSeconds(STRANGER, 0, t0 + 80_000_000_000L));
    }

    @Test
    public void badSettingsAreReportedWithWhatIsAllowed() {
        PolicySettings s = PolicySettings.from(Map.of("mode", "some", "delay.secs", "soon"));
        assertEquals(AnswerMode.ALL, s.mode());
        assertEquals(0, s.delaySeconds());
        String all = String.join("\n", s.problems());
        assertTrue(all, all.contains("mode = 'some' is not one of all, known, none; using all"));
        assertTrue(all, all.contains("delay.secs = 'soon' is not a whole number from 0 to 65535"));
    }

    @Test
    public void decidesWithoutBlockingUnlessTheClientMayBePrestaged() {
        configure("mode", "all", "delay.secs", "5");
        assertTrue(provider.decidesWithoutBlocking(request(STRANGER, 0)));
        assertFalse("a prestaged client is read from the database", provider.decidesWithoutBlocking(request(KNOWN, 0)));
        configure("mode", "none");
        assertTrue("none needs no lookup", provider.decidesWithoutBlocking(request(KNOWN, 0)));
    }

    @Test
    public void withApprovalANewMachineIsHeldAndItsIpxeGetsItsWaitingScript() {
        configure("approval", "true", "bootfile.ipxe", "ipxe/default.ipxe");
        PendingDevices pending = (PendingDevices) store;
        BootRequest ipxe = BootRequest.builder(STRANGER, InetAddress.getLoopbackAddress()).userClasses(List.of("iPXE"))
                .build();
        assertTrue("holding writes the store", !provider.decidesWithoutBlocking(ipxe));
        Decision explained = provider.decide(BootRequest.builder(STRANGER, InetAddress.getLoopbackAddress())
                .userClasses(List.of("iPXE")).dryRun(true).build());
        assertTrue(explained.reason(), explained.reason().contains("held as pending"));
        assertEquals("a dry run holds nothing", List.of(), pending.listPending());

        Decision firmware = provider.decide(request(STRANGER, 0));
        assertEquals("the firmware is chained to iPXE", "undionly.kpxe",
                ((Decision.Service) firmware).answer().bootFile());
        PendingDevice held = pending.findPending(STRANGER.toString()).orElseThrow();
        assertEquals(PendingDevice.State.PENDING, held.state());
        assertEquals("x86-bios", held.architecture());
        Decision waiting = provider.decide(ipxe);
        assertEquals("ipxe/pending/" + held.token() + ".ipxe", ((Decision.Service) waiting).answer().bootFile());
        assertEquals(2, pending.findPending(STRANGER.toString()).orElseThrow().requests());

        assertTrue(pending.setState(held.id(), PendingDevice.State.REJECTED));
        assertEquals("a rejected machine boots locally", "ipxe/default.ipxe",
                ((Decision.Service) provider.decide(ipxe)).answer().bootFile());
        assertEquals("prestaged machines are not held", "undionly.kpxe",
                ((Decision.Service) provider.decide(request(KNOWN, 0))).answer().bootFile());
        assertEquals(1, pending.listPending().size());
    }

    @Test
    public void theQueueKeepsPendingMaxMachines() {
        configure("approval", "true", "pending.max", "2");
        for (int i = 0; i < 4; i++) {
            provider.decide(request(MacAddress.parse("02:00:00:00:01:0" + i).orElseThrow(), 0));
        }
        assertEquals(2, ((PendingDevices) store).listPending().size());
        assertEquals(2, ((PendingDevices) store).evicted());
    }
}
