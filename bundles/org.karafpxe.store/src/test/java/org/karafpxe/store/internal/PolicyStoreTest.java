package org.karafpxe.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.karafpxe.api.MacAddress;
import org.karafpxe.store.AuditEntry;
import org.karafpxe.store.AuditTrail;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceChange;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.DuplicateException;
import org.karafpxe.store.DuplicateGuid;
import org.karafpxe.store.PendingDevice;
import org.karafpxe.store.PendingDevices;
import org.karafpxe.store.PendingSighting;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.PolicyStoreContract;
import org.karafpxe.store.StoreOperations;

/**
 * The store's contract on H2 and on PostgreSQL, and what only a database shows: its own refusal of
 * a duplicate, and servers sharing it.
 */
@RunWith(Parameterized.class)
public class PolicyStoreTest extends PolicyStoreContract {

    @Parameterized.Parameters(name = "{0}")
    public static List<Object[]> databases() {
        return TestDatabase.kinds();
    }

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final String kind;
    private TestDatabase db;

    public PolicyStoreTest(String kind) {
        this.kind = kind;
    }

    @Override
    protected PolicyStore newStore(Clock clock) throws Exception {
        db = TestDatabase.create(kind, tmp);
        return JdbcPolicyStore.open(db.dataSource(), clock);
    }

    @Override
    protected void closeStore() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    @Test
    public void databaseCallsAreTimedByKindAndARefusalIsNoFailure() throws Exception {
        OperationClocks clocks = new OperationClocks();
        PolicyStore timed = JdbcPolicyStore.open(db.dataSource(), clocks);
        long opening = clocks.snapshot().get(1).count();
        timed.add(DeviceDraft.builder("timed-1").mac(MAC_1).build());
        assertThrows(DuplicateException.class,
                () -> timed.add(DeviceDraft.builder("timed-2").mac(MAC_1).build()));
        timed.list();
        List<StoreOperations> ops = clocks.snapshot();
        assertEquals(List.of("read", "write", "bookkeeping"), ops.stream().map(StoreOperations::kind).toList());
        assertTrue("reads: " + ops.get(0), ops.get(0).count() >= 1);
        assertEquals("the add and the refused add", opening + 2, ops.get(1).count());
        assertEquals(0, ops.get(1).failures());
        assertEquals(ops.get(1).count(), (long) ops.get(1).counts().get(ops.get(1).counts().size() - 1));
    }

    @Test
    public void theDatabaseItselfRefusesADuplicateMac() throws Exception {
        add("lab-1", MAC_1, null);
        // Around the store, as a second server racing past any check would.
        SQLException e = assertThrows(SQLException.class, () -> db.execute("INSERT INTO pxe_device "
                + "(name, name_key, mac, created_at) VALUES ('lab-2', 'lab-2', '525400123456', 0)"));
        assertEquals("23505", e.getSQLState());
    }

    @Test
    public void theSightingsTableIsBoundedWhateverClientsSend() throws Exception {
        ((JdbcPolicyStore) store).maxSightings(6);
        List<UUID> guids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            UUID guid = new UUID(0x1234, i + 1);
            guids.add(guid);
            store.recordSighting(guid, MAC_1, NOW.plusSeconds(2 * i));
            store.recordSighting(guid, MAC_2, NOW.plusSeconds(2 * i + 1));
        }
        assertEquals("the least recently seen rows went first", guids.subList(2, 5),
                store.duplicateGuids().stream().map(DuplicateGuid::guid).sorted().toList());
        UUID old = new UUID(0x5678, 1);
        store.recordSighting(old, MAC_1, NOW.minus(Duration.ofDays(200)));
        store.recordSighting(old, MAC_2, NOW.minus(Duration.ofDays(200)));
        assertTrue("rows unseen for 180 days are gone",
                store.duplicateGuids().stream().noneMatch(d -> d.guid().equals(old)));
    }

    @Test(timeout = 120_000)
    public void aOneShotTaskGoesToExactlyOneOfTwoServers() throws Exception {
        PolicyStore[] servers = {JdbcPolicyStore.open(db.dataSource()), JdbcPolicyStore.open(db.dataSource())};
        Device d = servers[0].add(DeviceDraft.builder("shared").mac(MAC_2).build());
        for (int round = 0; round < 3; round++) {
            BootTask task = BootTask.oneShot("echo round " + round + "\nchain http://deploy/wipe.ipxe");
            servers[1].setTask("shared", Optional.of(task));
            List<Optional<BootTask>> got = race(20, i -> servers[i % 2].consumeOneShotTask(d.id()));
            assertEquals("round " + round + ": " + got, 1, got.stream().filter(Optional::isPresent).count());
            assertEquals(Optional.empty(), servers[round % 2].find("shared").orElseThrow().task());
        }
    }

    private static PendingSighting sighting(MacAddress mac, int secondsAfter, String address) {
        return new PendingSighting(mac, Optional.empty(), "x64-uefi", address, Optional.empty(),
                NOW.plusSeconds(secondsAfter));
    }

    @Test
    public void aMachineHeldForApprovalIsOneRecordWithOneTokenWhicheverServerItAsks() throws Exception {
        PendingDevices pending = (PendingDevices) store;
        PendingDevice first = pending.sighted(new PendingSighting(MAC_1, Optional.of(new UUID(7, 8)), "x86-bios",
                "192.0.2.10", Optional.of("192.0.2.1"), NOW), 100);
        assertEquals(PendingDevice.State.PENDING, first.state());
        assertEquals(1, first.requests());
        assertTrue(first.token(), first.token().matches("[a-z2-7]{26}"));
        // A second server on the same database: the same record, the same token.
        PendingDevices other = JdbcPolicyStore.open(db.dataSource(), Clock.systemUTC());
        PendingDevice again = other.sighted(sighting(MAC_1, 5, "192.0.2.11"), 100);
        assertEquals(first.id(), again.id());
        assertEquals(first.token(), again.token());
        assertEquals(2, again.requests());
        assertEquals(NOW, again.firstSeen());
        assertEquals(NOW.plusSeconds(5), again.lastSeen());
        assertEquals("192.0.2.11", again.address());
        assertEquals("the GUID it sent once is kept", Optional.of(new UUID(7, 8)), again.guid());
        assertEquals(Optional.of(again), pending.byToken(first.token().toUpperCase(java.util.Locale.ROOT)));
        assertEquals(Optional.of(again), pending.findPending(Long.toString(first.id())));
        assertEquals(Optional.of(again), pending.findPending("52-54-00-12-34-56"));
        assertEquals(Optional.empty(), pending.byToken("../../etc/passwd"));
        assertEquals(Optional.empty(), pending.findPending("lab-1"));
    }

    @Test
    public void theQueueIsCappedAndTheLeastRecentlySeenGoFirst() throws Exception {
        PendingDevices pending = (PendingDevices) store;
        for (int i = 0; i < 5; i++) {
            pending.sighted(sighting(MacAddress.parse("02:00:00:00:00:0" + i).orElseThrow(), i, "192.0.2.20"), 3);
        }
        // Seen again, the oldest is the most recent now.
        pending.sighted(sighting(MacAddress.parse("02:00:00:00:00:02").orElseThrow(), 10, "192.0.2.20"), 3);
        pending.sighted(sighting(MacAddress.parse("02:00:00:00:00:05").orElseThrow(), 11, "192.0.2.20"), 3);
        assertEquals(List.of("02:00:00:00:00:05", "02:00:00:00:00:02", "02:00:00:00:00:04"),
                pending.listPending().stream().map(p -> p.mac().toString()).toList());
        assertEquals(3, pending.evicted());
        String hostile = "x".repeat(5000);
        PendingDevice bounded = pending.sighted(new PendingSighting(MAC_2, Optional.empty(), hostile, hostile,
                Optional.of(hostile), NOW.plusSeconds(20)), 3);
        assertEquals(JdbcPending.MAX_TEXT, bounded.architecture().length());
        assertEquals(JdbcPending.MAX_TEXT, bounded.address().length());
    }

    @Test
    public void recordsAreRejectedApprovedDeletedAndCleared() throws Exception {
        PendingDevices pending = (PendingDevices) store;
        PendingDevice a = pending.sighted(sighting(MAC_1, 0, "192.0.2.30"), 10);
        PendingDevice b = pending.sighted(sighting(MAC_2, 100, "192.0.2.31"), 10);
        assertTrue(pending.setState(a.id(), PendingDevice.State.REJECTED));
        assertEquals("a rejected machine stays rejected when it asks again", PendingDevice.State.REJECTED,
                pending.sighted(sighting(MAC_1, 1, "192.0.2.30"), 10).state());
        assertTrue(pending.setState(b.id(), PendingDevice.State.APPROVED));
        assertEquals(false, pending.setState(-1, PendingDevice.State.REJECTED));
        assertEquals(0, pending.clearPending(List.of(PendingDevice.State.REJECTED), NOW));
        assertEquals(1, pending.clearPending(List.of(PendingDevice.State.REJECTED, PendingDevice.State.PENDING),
                NOW.plusSeconds(50)));
        assertEquals(List.of(b.id()), pending.listPending().stream().map(PendingDevice::id).toList());
        assertTrue(pending.deletePending(b.id()));
        assertEquals(false, pending.deletePending(b.id()));
        assertEquals(List.of(), pending.listPending());
    }

    @Test
    public void everyChangeIsInTheAuditTrailWithWhoMadeItAndTheValuesBeforeAndAfter() throws Exception {
        AuditTrail trail = (AuditTrail) store;
        javax.security.auth.Subject alice = new javax.security.auth.Subject();
        alice.getPrincipals().add(new org.apache.karaf.jaas.boot.principal.UserPrincipal("alice"));
        javax.security.auth.Subject.doAs(alice, (java.security.PrivilegedAction<Void>) () -> {
            add("lab-1", MAC_1, null);
            store.update("lab-1", DeviceChange.builder().group("room-2").build());
            store.setTask("lab-1", Optional.of(BootTask.oneShot("echo reimage")));
            store.banGuid(new UUID(1, 2), "shared by a model");
            return null;
        });
        Device lab = store.find("lab-1").orElseThrow();
        store.consumeOneShotTask(lab.id());
        store.remove("lab-1");
        PendingDevice held = ((PendingDevices) store).sighted(sighting(MAC_2, 0, "192.0.2.9"), 10);
        ((PendingDevices) store).setState(held.id(), PendingDevice.State.REJECTED);
        trail.recordChange("file", "config", "org.karafpxe.provider.policy mode", Optional.of("all"),
                Optional.of("known"));

        List<AuditEntry> all = trail.auditEntries(Optional.empty(), Optional.empty(), 100);
        assertEquals(List.of("config", "pending-rejected", "device-remove", "task-taken", "guid-ban", "task-set",
                "device-set", "device-add"), all.stream().map(AuditEntry::action).toList());
        assertEquals(List.of("file", "system", "system", "system", "alice", "alice", "alice", "alice"),
                all.stream().map(AuditEntry::actor).toList());
        AuditEntry set = all.get(6);
        assertEquals("lab-1", set.subject());
        assertEquals(Optional.of("mac 52:54:00:12:34:56"), set.before());
        assertEquals(Optional.of("mac 52:54:00:12:34:56, group room-2"), set.after());
        assertEquals(Optional.of("(one-shot) echo reimage"), all.get(5).after());
        assertEquals(Optional.of("pending"), all.get(1).before());
        assertEquals("one device's changes, by its name in any case", 5,
                trail.auditEntries(Optional.of("LAB-1"), Optional.empty(), 100).size());
        assertEquals("a configuration's changes by its PID", 1,
                trail.auditEntries(Optional.of("org.karafpxe.provider.policy"), Optional.empty(), 100).size());
        assertEquals(2, trail.auditEntries(Optional.empty(), Optional.empty(), 2).size());
        assertEquals(List.of(), trail.auditEntries(Optional.empty(), Optional.of(java.time.Instant.now()
                .plusSeconds(3600)), 100));
    }
}
