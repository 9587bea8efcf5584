package org.karafpxe.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.karafpxe.dhcp.DhcpPacket;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.PendingDevice;
import org.karafpxe.store.PendingDevices;
import org.karafpxe.store.PolicyStore;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/** Each policy rule, through the real DHCP responder of the distribution, with a scripted client. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PolicyIT extends PxeTestSupport {
    private static final int X86_BIOS = 0;
    private static final int X64_UEFI = 7;

    @Inject
    private PolicyStore store;

    @Inject
    private PendingDevices pending;

    @Inject
    private ConfigurationAdmin configAdmin;

    private PxeClient client;

    @Configuration
    public Option[] config() {
        return distribution();
    }

    @Before
    public void client() throws Exception {
        clearStore(); // a shared database may hold what other tests left
        client = new PxeClient(CLIENT_PORT, PROXY_PORT);
        setPolicy("all", 0);
    }

    @After
    public void cleanUp() {
        client.close();
        clearStore();
    }

    private void clearStore() {
        store.list().forEach(d -> store.remove(String.valueOf(d.id())));
        store.bannedGuids().forEach(b -> store.unbanGuid(b.guid()));
        pending.clearPending(List.of(PendingDevice.State.values()), Instant.now().plusSeconds(3600));
    }

    private Optional<DhcpPacket> offer(String mac, UUID guid, int arch, int secs) throws Exception {
        return client.discover(mac, guid, arch, secs, 1500);
    }

    private String bootFile(String mac, UUID guid, int arch) throws Exception {
        return offer(mac, guid, arch, 0).orElseThrow(() -> new AssertionError("no offer for " + mac)).file();
    }

    private void setPolicy(String mode, int delay) throws Exception {
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration("org.karafpxe.provider.policy", null);
        Dictionary<String, Object> p = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
        if (mode.equals(p.get("mode")) && String.valueOf(delay).equals(String.valueOf(p.get("delay.secs")))) {
            return;
        }
        p.put("mode", mode);
        p.put("delay.secs", String.valueOf(delay));
        c.update(p);
        // The provider is reconfigured asynchronously: wait until a stranger is decided the new way.
        String expected = mode.equals("none") ? "answer policy is none"
                : mode.equals("known") ? "the answer policy is known"
                : delay > 0 ? "waiting " + delay + " s" : "SERVICE by policy";
        await("the policy provider to answer with mode " + mode + " and delay " + delay, Duration.ofSeconds(30),
                () -> {
                    try {
                        return executeCommand("pxe:explain --mac 52:54:00:0f:0f:0f --arch x86-bios").contains(expected);
                    } catch (Exception notYet) {
                        return false;
                    }
                });
    }

    @Test
    public void strangersGetTheArchitectureDefault() throws Exception {
        assertEquals("undionly.kpxe", bootFile("52:54:00:00:01:01", null, X86_BIOS));
        assertEquals("snponly.efi", bootFile("52:54:00:00:01:02", UUID.randomUUID(), X64_UEFI));
    }

    @Test
    public void prestagedByGuidFirstThenByMac() throws Exception {
        UUID guid = UUID.fromString("11111111-2222-3333-4444-555555555555");
        store.add(DeviceDraft.builder("by-guid").guid(guid.toString()).bootProgram("guid.efi").build());
        store.add(DeviceDraft.builder("by-mac").mac("52:54:00:00:02:02").bootProgram("mac.efi").build());
        assertEquals("guid.efi", bootFile("52:54:00:00:02:01", guid, X64_UEFI));
        assertEquals("mac.efi", bootFile("52:54:00:00:02:02", UUID.randomUUID(), X64_UEFI));
        assertEquals("the GUID wins over the MAC", "guid.efi", bootFile("52:54:00:00:02:02", guid, X64_UEFI));
    }

    @Test
    public void bannedGuidFallsBackToTheMac() throws Exception {
        UUID shared = UUID.fromString("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
        store.add(DeviceDraft.builder("first-with-guid").guid(shared.toString()).bootProgram("first.efi").build());
        store.add(DeviceDraft.builder("second-by-mac").mac("52:54:00:00:03:02").bootProgram("second.efi").build());
        assertEquals("first.efi", bootFile("52:54:00:00:03:02", shared, X64_UEFI));
        store.banGuid(shared, "shared by cloned machines");
        await("the ban to reach the chain", Duration.ofSeconds(20), () -> {
            try {
                return "second.efi".equals(bootFile("52:54:00:00:03:02", shared, X64_UEFI));
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    public void allZeroGuidIsNeverAnIdentity() throws Exception {
        store.add(DeviceDraft.builder("by-mac-zero").mac("52:54:00:00:04:01").bootProgram("zero.efi").build());
        assertEquals("zero.efi", bootFile("52:54:00:00:04:01", new UUID(0, 0), X64_UEFI));
    }

    @Test
    public void referralSendsTheClientToAnotherBootServer() throws Exception {
        store.add(DeviceDraft.builder("referred").mac("52:54:00:00:05:01").referralServer("192.0.2.7")
                .bootProgram("boot/x64/wdsnbp.com").build());
        DhcpPacket offer = offer("52:54:00:00:05:01", null, X86_BIOS, 0).orElseThrow();
        assertEquals(InetAddress.getByName("192.0.2.7"), offer.siaddr());
        assertEquals("boot/x64/wdsnbp.com", offer.file());
        assertEquals("192.0.2.7", offer.options().tftpServerName().orElseThrow());
        // Native UEFI PXE asks port 4011 of siaddr next: this server, which puts the referral in its ACK.
        DhcpPacket binl = offer("52:54:00:00:05:01", null, X64_UEFI, 0).orElseThrow();
        assertEquals(binl.options().serverIdentifier().orElseThrow(), binl.siaddr());
    }

    @Test
    public void knownModeIgnoresStrangersAndAnswersPrestaged() throws Exception {
        store.add(DeviceDraft.builder("known-one").mac("52:54:00:00:06:01").build());
        setPolicy("known", 0);
        assertFalse("a stranger gets silence", offer("52:54:00:00:06:02", null, X86_BIOS, 30).isPresent());
        assertEquals("undionly.kpxe", bootFile("52:54:00:00:06:01", null, X86_BIOS));
    }

    @Test
    public void responseDelayIsHonouredBySecsButNotForPrestaged() throws Exception {
        store.add(DeviceDraft.builder("prestaged-fast").mac("52:54:00:00:07:01").build());
        setPolicy("all", 10);
        assertFalse("secs 4 < delay 10", offer("52:54:00:00:07:02", null, X86_BIOS, 4).isPresent());
        assertTrue("secs 12 >= delay 10", offer("52:54:00:00:07:02", null, X86_BIOS, 12).isPresent());
        assertTrue("prestaged clients are answered at once", offer("52:54:00:00:07:01", null, X86_BIOS, 0).isPresent());
    }

    /** Sets settings of the answer policy and waits until a stranger is decided with {@code expected}. */
    private void setPolicySettings(String expected, String... keyValues) throws Exception {
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration("org.karafpxe.provider.policy", null);
        Dictionary<String, Object> p = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put(keyValues[i], keyValues[i + 1]);
        }
        c.update(p);
        await("the policy provider to say '" + expected + "'", Duration.ofSeconds(30), () -> {
            try {
                return executeCommand("pxe:explain --mac 52:54:00:0f:0f:0f --arch x86-bios").contains(expected);
            } catch (Exception notYet) {
                return false;
            }
        });
    }

    /**
     * WDS's approval: a stranger's iPXE gets its waiting script and the stranger is listed; approved
     * from the console it is prestaged (iPXE then gets its device script); rejected, its iPXE gets the
     * local-boot script; the console's refusals say what is wrong.
     */
    @Test
    public void approvalHoldsStrangersUntilTheConsoleApprovesOrRejectsThem() throws Exception {
        try {
            setPolicySettings("held as pending", "approval", "true", "pending.max", "1000");
            assertEquals("the firmware is chained to iPXE", "undionly.kpxe", bootFile("52:54:00:00:08:01", null,
                    X86_BIOS));
            String waiting = client.discover("52:54:00:00:08:01", null, X86_BIOS, 0, 1500, true).orElseThrow().file();
            assertTrue(waiting, waiting.matches("ipxe/pending/[a-z2-7]{26}\\.ipxe"));
            String list = executeCommand("pxe:pending-list");
            assertTrue(list, list.matches("(?s).*52:54:00:00:08:01.*x86-bios.*pending.*"));
            String approved = executeCommand("pxe:pending-approve --name-template 'held-%02#' 52:54:00:00:08:01");
            assertTrue(approved, approved.contains("as device 'held-01'"));
            String script = client.discover("52:54:00:00:08:01", null, X86_BIOS, 0, 1500, true).orElseThrow().file();
            assertTrue("approved, it is answered as a prestaged device: " + script, script.startsWith("ipxe/s/"));

            bootFile("52:54:00:00:08:02", null, X86_BIOS);
            assertTrue(executeCommand("pxe:pending-reject 52:54:00:00:08:02").contains("Rejected pending"));
            assertEquals("ipxe/default.ipxe",
                    client.discover("52:54:00:00:08:02", null, X86_BIOS, 0, 1500, true).orElseThrow().file());
            assertFails("pxe:pending-approve 999999", "no pending machine 999999");
            assertFails("pxe:pending-approve --name a --name-template 'b-%#' 52:54:00:00:08:02",
                    "give --name or --name-template, not both");
            assertFails("pxe:pending-clear someday", "'someday' is not a state of the pending queue");
            assertTrue(executeCommand("pxe:pending-delete 52:54:00:00:08:02").contains("Deleted pending"));
            String trail = executeCommand("pxe:audit --subject 52:54:00:00:08:02");
            assertTrue(trail, trail.matches("(?s).*pending-delete +\\| 52:54:00:00:08:02 +\\| rejected.*")
                    && trail.matches("(?s).*pending-rejected +\\| 52:54:00:00:08:02 +\\| pending +\\| rejected.*"));
            assertTrue(executeCommand("pxe:audit --subject held-01").contains("device-add"));
        } finally {
            executeCommand("pxe:pending-clear pending rejected approved");
            setPolicySettings("SERVICE by policy", "approval", "false");
        }
    }

    /** A segment of strangers nobody approves: the queue keeps pending.max, and counts the rest. */
    @Test
    public void aFloodOfStrangersKeepsTheQueueWithinItsCap() throws Exception {
        try {
            setPolicySettings("held as pending", "approval", "true", "pending.max", "5");
            for (int i = 0; i < 20; i++) {
                bootFile(String.format("52:54:00:00:09:%02x", i), null, X86_BIOS);
            }
            String list = executeCommand("pxe:pending-list");
            assertEquals(list, 5, list.lines().filter(l -> l.contains("52:54:00:00:09:")).count());
            assertTrue(list, list.contains("52:54:00:00:09:13"));
            assertTrue(list, list.matches("(?s).*\\b15 machine\\(s\\) left the queue.*"));
        } finally {
            executeCommand("pxe:pending-clear pending rejected approved");
            setPolicySettings("SERVICE by policy", "approval", "false", "pending.max", "1000");
        }
    }
}
