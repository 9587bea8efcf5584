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
import org.karafpxe.store.BootTask;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.DuplicateGuid;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.PolicyStoreContract;

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
}
