package org.karafpxe.provider.ipxe.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.karafpxe.api.MacAddress;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.PendingDevice;
import org.karafpxe.store.PendingDevices;
import org.karafpxe.store.PendingSighting;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.internal.EmbeddedStore;

public class ApprovalWaitTest {
    @Rule
    public final EmbeddedStore embedded = new EmbeddedStore();

    private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56").orElseThrow();
    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);

    private PolicyStore store;
    private PendingDevices pending;
    private ApprovalWait wait;
    private PendingDevice held;
    private final ScriptSettings settings = ScriptSettings.from(Map.of("approval.poll.s", "3",
            "approval.timeout.s", "60"));

    @Before
    public void start() throws Exception {
        store = embedded.store();
        pending = (PendingDevices) store;
        wait = new ApprovalWait(store, pending);
        held = pending.sighted(new PendingSighting(MAC, Optional.empty(), "x86-bios", "192.0.2.1", Optional.empty(),
                NOW), 10);
    }

    private ApprovalWait.Served at(String path, long secondsLater) {
        return wait.script(path, settings, NOW.plusSeconds(secondsLater)).orElseThrow();
    }

    @Test
    public void aHeldMachineWaitsAndAsksAgainWithWhenItBegan() {
        ApprovalWait.Served first = at("ipxe/pending/" + held.token() + ".ipxe", 0);
        assertTrue(first.script(), first.script().startsWith("#!ipxe\necho This machine waits for an administrator's "
                + "approval on the PXE server (pending #" + held.id() + ", MAC 52:54:00:12:34:56).\n"));
        assertTrue(first.script(), first.script().endsWith(":poll\nsleep 3\nchain --replace --autofree " + held.token()
                + "/" + NOW.getEpochSecond() + ".ipxe || goto poll\n"));
        assertFalse(first.poll());
        ApprovalWait.Served later = at("ipxe/pending/" + held.token() + "/" + NOW.getEpochSecond() + ".ipxe", 30);
        assertEquals("#!ipxe\n:poll\nsleep 3\nchain --replace --autofree " + NOW.getEpochSecond()
                + ".ipxe || goto poll\n", later.script());
        assertTrue(later.poll());
        PendingDevice seen = pending.byToken(held.token()).orElseThrow();
        assertEquals("each poll keeps the machine among the recently seen", NOW.plusSeconds(30), seen.lastSeen());
        assertEquals(3, seen.requests());
    }

    @Test
    public void approvedItBootsAgainFromTheNetworkAsTheDeviceItBecame() {
        store.add(DeviceDraft.builder("lab-01").mac(MAC.toString()).build());
        ApprovalWait.Served s = at("ipxe/pending/" + held.token() + "/" + NOW.getEpochSecond() + ".ipxe", 9);
        assertEquals("#!ipxe\necho Approved: this machine boots from the network again.\nautoboot || exit 1\n",
                s.script());
        assertEquals("approved as lab-01: autoboot", s.what());
    }

    @Test
    public void rejectedTooLongOrUnknownItBootsItsNextDevice() {
        String path = "ipxe/pending/" + held.token() + "/" + NOW.getEpochSecond() + ".ipxe";
        assertTrue(at(path, 61).script().startsWith("#!ipxe\necho No approval within 60 s: booting the next device.\n"));
        assertTrue("a wait said to begin in the future is no wait",
                at("ipxe/pending/" + held.token() + "/" + (NOW.getEpochSecond() + 3600) + ".ipxe", 0).script()
                        .contains("No approval within"));
        pending.setState(held.id(), PendingDevice.State.REJECTED);
        ApprovalWait.Served rejected = at(path, 5);
        assertTrue(rejected.script(), rejected.script().startsWith("#!ipxe\necho Rejected by an administrator"));
        assertTrue(rejected.script(), rejected.script().endsWith("autoboot || exit 1\n"));
        assertEquals(LocalBootScript.standard().text(), at("ipxe/pending/" + "a".repeat(26) + ".ipxe", 0).script());
        assertEquals(Optional.empty(), wait.script("ipxe/pending/../s/x.ipxe", settings, NOW));
        assertEquals(Optional.empty(), wait.script("ipxe/pending/" + held.token() + "/x.ipxe", settings, NOW));
    }
}
