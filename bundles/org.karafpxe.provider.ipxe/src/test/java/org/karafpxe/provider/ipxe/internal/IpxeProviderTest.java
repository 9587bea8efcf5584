package org.karafpxe.provider.ipxe.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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

public class IpxeProviderTest {
    @Rule
    public final EmbeddedStore embedded = new EmbeddedStore();

    private static final UUID GUID = UUID.fromString("8b6b6f3e-1c9a-4e55-9d3a-0a1b2c3d4e5f");
    private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56").orElseThrow();

    private PolicyStore store;
    private IpxeProvider provider;
    private final ScriptTickets tickets = new ScriptTickets();

    @Before
    public void start() throws Exception {
        store = embedded.store();
        provider = new IpxeProvider(store, tickets, Map.of());
    }

    /** The device a script named in an answer belongs to. */
    private long deviceOf(String script) {
        assertTrue(script, script.startsWith(ScriptTickets.FOLDER) && script.endsWith(".ipxe"));
        ScriptTickets.Issued issued = tickets.lookup(script.substring(ScriptTickets.FOLDER.length(),
                script.length() - ".ipxe".length())).orElseThrow();
        assertEquals("the server announced", InetAddress.getLoopbackAddress(), issued.server());
        return issued.deviceId();
    }

    private static BootRequest.Builder firmware(MacAddress mac) {
        return BootRequest.builder(mac, InetAddress.getLoopbackAddress()).guid(GUID).architecture(Architecture.X64_UEFI);
    }

    private static BootRequest.Builder ipxe(MacAddress mac) {
        return firmware(mac).userClasses(List.of("iPXE"));
    }

    private static Decision.Service service(Decision d) {
        assertTrue(d.toString(), d instanceof Decision.Service);
        return (Decision.Service) d;
    }

    private static void assertPass(Decision d, String reasonPart) {
        assertTrue(d.toString(), d instanceof Decision.Pass);
        assertTrue(d.reason(), d.reason().contains(reasonPart));
    }

    @Test
    public void firmwareThatIsNotIpxeYetIsPassedOnEvenWithATask() {
        store.add(DeviceDraft.builder("pc-01").mac(MAC.toString()).task(BootTask.oneShot("chain http://x/a")).build());
        Decision d = provider.decide(firmware(MAC).build());
        assertTrue(d instanceof Decision.Pass);
        assertEquals("not iPXE yet: chained to iPXE by the providers below", d.reason());
    }

    @Test
    public void deviceWithATaskGetsItsScript() {
        Device d = store.add(DeviceDraft.builder("pc-01").guid(GUID.toString())
                .task(BootTask.oneShot("chain http://x/reimage")).build());
        Decision.Service s = service(provider.decide(ipxe(MAC).build()));
        assertEquals(d.id(), deviceOf(s.answer().bootFile()));
        assertTrue(s.answer().bootServer().isEmpty());
        Decision.Service dry = service(provider.decide(ipxe(MAC).dryRun(true).build()));
        assertEquals("a dry run issues no ticket", ScriptTickets.placeholder(d.id()), dry.answer().bootFile());
        assertEquals(1, tickets.size());
        assertTrue(s.reason(), s.reason().contains("prestaged pc-01 (by GUID)"));
        assertTrue(s.reason(), s.reason().contains("its one-shot task"));
    }

    @Test
    public void everyBootTaskIsNamedInTheReason() {
        store.add(DeviceDraft.builder("kiosk").mac(MAC.toString()).task(BootTask.everyBoot("chain http://x/k")).build());
        Decision.Service s = service(provider.decide(ipxe(MAC).guid(null).build()));
        assertTrue(s.reason(), s.reason().contains("prestaged kiosk (by MAC)"));
        assertTrue(s.reason(), s.reason().contains("its task for every boot"));
    }

    @Test
    public void deviceWithoutTaskGetsItsScriptForLocalBoot() {
        Device d = store.add(DeviceDraft.builder("pc-01").mac(MAC.toString()).build());
        Decision.Service s = service(provider.decide(ipxe(MAC).build()));
        assertEquals(d.id(), deviceOf(s.answer().bootFile()));
        assertTrue(s.reason(), s.reason().contains("no task: local boot"));
    }

    @Test
    public void bootProgramOrReferralWithoutTaskIsLeftToThePrestagedProvider() {
        store.add(DeviceDraft.builder("own").mac(MAC.toString()).bootProgram("lab/ipxe.efi").build());
        assertPass(provider.decide(ipxe(MAC).build()), "prestaged own (by MAC) has no task and boot program "
                + "lab/ipxe.efi: the prestaged provider answers");
        MacAddress other = MacAddress.parse("52:54:00:12:34:57").orElseThrow();
        store.add(DeviceDraft.builder("wds").mac(other.toString()).referralServer("192.0.2.7").build());
        assertPass(provider.decide(ipxe(other).guid(null).build()), "prestaged wds (by MAC) has no task and is "
                + "referred to 192.0.2.7: the prestaged provider answers");
    }

    @Test
    public void aTaskWinsOverBootProgramAndReferral() {
        Device d = store.add(DeviceDraft.builder("own").mac(MAC.toString()).bootProgram("lab/ipxe.efi")
                .referralServer("192.0.2.7").task(BootTask.oneShot("chain http://x/a")).build());
        assertEquals(d.id(), deviceOf(service(provider.decide(ipxe(MAC).build())).answer().bootFile()));
    }

    @Test
    public void unknownClientsAreLeftToThePolicy() {
        Decision d = provider.decide(ipxe(MAC).build());
        assertTrue(d instanceof Decision.Pass);
        assertEquals("not prestaged: the answer policy decides", d.reason());
    }

    @Test
    public void decisionsConsumeNothingDryRunOrNot() {
        Device d = store.add(DeviceDraft.builder("pc-01").mac(MAC.toString())
                .task(BootTask.oneShot("chain http://x/a")).build());
        service(provider.decide(ipxe(MAC).dryRun(true).build()));
        service(provider.decide(ipxe(MAC).build()));
        assertEquals(Optional.of(BootTask.oneShot("chain http://x/a")), store.find(d.id()).orElseThrow().task());
    }

    @Test
    public void decidesWithoutBlockingForFirmwareAndForIpxeClientsThatAreNotPrestaged() {
        store.add(DeviceDraft.builder("pc-01").mac(MAC.toString()).build());
        MacAddress stranger = MacAddress.parse("52:54:00:99:99:99").orElseThrow();
        assertTrue("firmware is passed on unseen", provider.decidesWithoutBlocking(firmware(MAC).build()));
        assertTrue(provider.decidesWithoutBlocking(ipxe(stranger).guid(UUID.randomUUID()).build()));
        assertFalse("a prestaged device is read from the database", provider.decidesWithoutBlocking(ipxe(MAC).build()));
    }
}
