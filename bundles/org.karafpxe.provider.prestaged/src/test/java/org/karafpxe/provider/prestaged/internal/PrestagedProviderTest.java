package org.karafpxe.provider.prestaged.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.karafpxe.api.Architecture;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.api.MacAddress;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.internal.EmbeddedStore;
import org.karafpxe.store.internal.ReferralResolver;

public class PrestagedProviderTest {
    @Rule
    public final EmbeddedStore embedded = new EmbeddedStore();

    private static final UUID GUID = UUID.fromString("8b6b6f3e-1c9a-4e55-9d3a-0a1b2c3d4e5f");
    private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56").orElseThrow();

    private PolicyStore store;
    private PrestagedProvider provider;
    /** The name service the referral servers are looked up in. */
    private final Map<String, String> dns = new ConcurrentHashMap<>();

    @Before
    public void start() throws Exception {
        store = embedded.store();
        ReferralResolver referrals = new ReferralResolver(name -> {
            String address = dns.get(name);
            if (address == null) {
                throw new UnknownHostException(name + ": Name or service not known");
            }
            return new InetAddress[] {InetAddress.getByName(address)};
        }, Runnable::run, System::currentTimeMillis);
        provider = new PrestagedProvider(store, store, referrals, Map.of("bootfile.x64-uefi", "default.efi"));
    }

    @After
    public void stop() {
        provider.deactivate();
    }

    private static BootRequest.Builder client(UUID guid, MacAddress mac) throws Exception {
        return BootRequest.builder(mac, InetAddress.getLoopbackAddress()).guid(guid).architecture(Architecture.X64_UEFI);
    }

    private static String file(Decision d) {
        assertTrue(d.toString(), d instanceof Decision.Service);
        return ((Decision.Service) d).answer().bootFile();
    }

    @Test
    public void aOneShotBootProgramIsTakenAtItsFirstAnswerAndKeptForThatBoot() throws Exception {
        Device d = store.add(DeviceDraft.builder("wds-01").mac(MAC.toString()).bootProgram("own.efi")
                .task(BootTask.program("boot/x64/pxeboot.n12", true)).build());
        Decision dry = provider.decide(client(null, MAC).dryRun(true).build());
        assertEquals("boot/x64/pxeboot.n12", file(dry));
        assertTrue(dry.reason(), dry.reason().contains("(taken when it is answered)"));
        assertTrue("a dry run takes nothing", store.find(d.id()).orElseThrow().task().isPresent());
        Decision first = provider.decide(client(null, MAC).build());
        assertEquals("boot/x64/pxeboot.n12", file(first));
        assertTrue(first.reason(), first.reason().contains("taken from the store as it is answered"));
        assertEquals(Optional.empty(), store.find(d.id()).orElseThrow().task());
        Decision again = provider.decide(client(null, MAC).build());
        assertEquals("the same boot's next request", "boot/x64/pxeboot.n12", file(again));
        assertTrue(again.reason(), again.reason().contains("taken 0 s ago for this boot"));
    }

    @Test
    public void anEveryBootProgramTaskWinsOverTheDevicesOwnProgram() throws Exception {
        store.add(DeviceDraft.builder("lab").mac(MAC.toString()).bootProgram("own.efi")
                .task(BootTask.program("lab/menu.efi", false)).build());
        for (int i = 0; i < 2; i++) {
            Decision d = provider.decide(client(null, MAC).build());
            assertEquals("lab/menu.efi", file(d));
        }
    }

    @Test
    public void matchesByGuidFirstThenByMac() throws Exception {
        store.add(DeviceDraft.builder("by-guid").guid(GUID.toString()).bootProgram("guid.efi").build());
        store.add(DeviceDraft.builder("by-mac").mac(MAC.toString()).bootProgram("mac.efi").build());
        Decision byGuid = provider.decide(client(GUID, MAC).build());
        assertEquals("guid.efi", file(byGuid));
        assertTrue(byGuid.reason(), byGuid.reason().contains("by-guid (by GUID)"));
        Decision byMac = provider.decide(client(UUID.randomUUID(), MAC).build());
        assertEquals("mac.efi", file(byMac));
        assertTrue(byMac.reason(), byMac.reason().contains("(by MAC)"));
    }

    @Test
    public void unknownClientsPass() throws Exception {
        Decision d = provider.decide(client(GUID, MAC).build());
        assertTrue(d instanceof Decision.Pass);
        assertEquals("not prestaged", d.reason());
    }

    @Test
    public void deviceWithoutBootProgramGetsTheDefaultOrPasses() throws Exception {
        store.add(DeviceDraft.builder("plain").mac(MAC.toString()).build());
        assertEquals("default.efi", file(provider.decide(client(null, MAC).build())));
        Decision bios = provider.decide(client(null, MAC).architecture(Architecture.X86_BIOS).build());
        assertTrue(bios instanceof Decision.Pass);
        assertTrue(bios.reason(), bios.reason().contains("no boot program of its own or for x86-bios; the policy applies"));
    }

    @Test
    public void referralSendsTheClientToAnotherBootServer() throws Exception {
        store.add(DeviceDraft.builder("referred").mac(MAC.toString()).referralServer("192.0.2.7")
                .bootProgram("boot/x64/wdsnbp.com").build());
        Decision d = provider.decide(client(null, MAC).build());
        Decision.Service s = (Decision.Service) d;
        assertEquals("boot/x64/wdsnbp.com", s.answer().bootFile());
        assertEquals(InetAddress.getByName("192.0.2.7"), s.answer().bootServer().orElseThrow());
        assertTrue(s.answer().isReferral());
    }

    @Test
    public void referralAloneSendsTheClientAwayWithTheArchitectureDefault() throws Exception {
        store.add(DeviceDraft.builder("lab-01").mac(MAC.toString()).referralServer("192.0.2.7").build());
        Decision.Service s = (Decision.Service) provider.decide(client(null, MAC).build());
        assertEquals("default.efi", s.answer().bootFile());
        assertEquals(InetAddress.getByName("192.0.2.7"), s.answer().bootServer().orElseThrow());
        assertTrue(s.reason(), s.reason().contains("referred to 192.0.2.7 for default.efi"));
        Decision bios = provider.decide(client(null, MAC).architecture(Architecture.X86_BIOS).build());
        assertTrue("without a program here, the policy refers it with its default", bios instanceof Decision.Pass);
        assertTrue(bios.reason(), bios.reason().contains("the policy's default is referred to 192.0.2.7"));
    }

    @Test
    public void referralByNameIsLookedUpOffTheRequestPathAndItsLastAddressKept() throws Exception {
        store.add(DeviceDraft.builder("lab-02").mac(MAC.toString()).referralServer("wds2.lab.example").build());
        dns.put("wds2.lab.example", "192.0.2.8");
        // The first request meets a name never looked up: it is not answered from here, and the lookup
        // (here on the calling thread) makes the next request find it.
        Decision first = provider.decide(client(null, MAC).build());
        assertTrue(first.toString(), first instanceof Decision.Ignore);
        assertTrue(first.reason(), first.reason().contains("'wds2.lab.example' is being looked up"));
        Decision.Service s = (Decision.Service) provider.decide(client(null, MAC).build());
        assertEquals(InetAddress.getByName("192.0.2.8"), s.answer().bootServer().orElseThrow());
        assertEquals("wds2.lab.example", s.answer().bootServerName().orElseThrow());
        assertTrue(s.reason(), s.reason().contains("referred to wds2.lab.example (192.0.2.8)"));
        assertFalse(s.reason(), s.reason().contains("WARNING"));
    }

    @Test
    public void referralThatDoesNotResolveIsNotAnsweredFromHere() throws Exception {
        store.add(DeviceDraft.builder("lab-03").mac(MAC.toString()).referralServer("gone.lab.example")
                .bootProgram("boot/x64/wdsnbp.com").build());
        provider.decide(client(null, MAC).build());
        Decision d = provider.decide(client(null, MAC).build());
        assertTrue(d.toString(), d instanceof Decision.Ignore);
        assertTrue(d.reason(), d.reason().contains("its referral server cannot be used: 'gone.lab.example' does not "
                + "resolve"));
    }

    @Test
    public void bootsAreNotedAsLastSeenInBatchesButDryRunsAreNot() throws Exception {
        for (int i = 0; i < 50; i++) {
            store.add(DeviceDraft.builder("pc" + i).mac(String.format("52:54:00:00:01:%02x", i)).build());
        }
        MacAddress dryRunMac = MacAddress.parse("52:54:00:00:01:00").orElseThrow();
        provider.decide(client(null, dryRunMac).dryRun(true).build());
        for (int i = 1; i < 50; i++) {
            MacAddress mac = MacAddress.parse(String.format("52:54:00:00:01:%02x", i)).orElseThrow();
            provider.decide(client(null, mac).build());
        }
        long end = System.nanoTime() + 10_000_000_000L;
        while (store.list().stream().filter(d -> d.lastSeen().isPresent()).count() < 49 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertEquals(49, store.list().stream().filter(d -> d.lastSeen().isPresent()).count());
        assertTrue("a dry run is not a boot", store.find("pc0").orElseThrow().lastSeen().isEmpty());
    }

    @Test
    public void decidesWithoutBlockingOnlyForClientsTheStoreKnowsAreNotPrestaged() throws Exception {
        store.add(DeviceDraft.builder("by-mac").mac(MAC.toString()).build());
        MacAddress stranger = MacAddress.parse("52:54:00:99:99:99").orElseThrow();
        assertTrue(provider.decidesWithoutBlocking(client(UUID.randomUUID(), stranger).build()));
        assertFalse("a prestaged device is read from the database",
                provider.decidesWithoutBlocking(client(UUID.randomUUID(), MAC).build()));
    }
}
