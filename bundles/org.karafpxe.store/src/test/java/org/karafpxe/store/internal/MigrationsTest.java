package org.karafpxe.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.StorageException;

/** Schema migrations on both databases: once only, under concurrent starts, and on failure. */
@RunWith(Parameterized.class)
public class MigrationsTest {

    @Parameterized.Parameters(name = "{0}")
    public static List<Object[]> databases() {
        return TestDatabase.kinds();
    }

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final String kind;
    private TestDatabase db;

    public MigrationsTest(String kind) {
        this.kind = kind;
    }

    @Before
    public void create() throws Exception {
        db = TestDatabase.create(kind, tmp);
    }

    @After
    public void drop() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    private Dialect dialect() {
        return db.isPostgres() ? Dialect.POSTGRESQL : Dialect.H2;
    }

    private List<Integer> versions() throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT version FROM pxe_schema_version ORDER BY version")) {
            List<Integer> versions = new ArrayList<>();
            while (r.next()) {
                versions.add(r.getInt(1));
            }
            return versions;
        }
    }

    private boolean tableExists(String table) {
        try {
            db.execute("SELECT COUNT(*) FROM " + table);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Every version the server knows, 1 to the last. */
    private static final List<Integer> ALL_VERSIONS = java.util.stream.IntStream.rangeClosed(1, Migrations.STANDARD.size())
            .boxed().toList();

    @Test
    public void reopeningChangesNothing() throws Exception {
        PolicyStore first = JdbcPolicyStore.open(db.dataSource());
        first.add(DeviceDraft.builder("lab-1").mac("52:54:00:12:34:56").build());
        assertEquals(ALL_VERSIONS, versions());
        assertEquals(0, Migrations.standard(Clock.systemUTC()).migrate(db.dataSource(), dialect()));
        PolicyStore again = JdbcPolicyStore.open(db.dataSource());
        assertEquals(first.list(), again.list());
        assertEquals(ALL_VERSIONS, versions());
        BootTask task = BootTask.oneShot("chain http://192.0.2.1/reimage.ipxe");
        assertEquals("servers sharing the database sign a task's callback alike", first.taskSecret(7, task),
                again.taskSecret(7, task));
        assertTrue(first.taskSecret(7, task).matches("[a-z2-7]{26}"));
        assertTrue(!first.taskSecret(7, task).equals(first.taskSecret(8, task)));
        assertTrue(!first.taskSecret(7, task).equals(first.taskSecret(7, BootTask.everyBoot(task.script()))));
        assertEquals(dialect(), ((JdbcPolicyStore) again).dialect());
    }

    @Test(timeout = 120_000)
    public void serversStartingTogetherMigrateOnce() throws Exception {
        int servers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(servers);
        try {
            CyclicBarrier start = new CyclicBarrier(servers);
            List<Future<Integer>> applied = new ArrayList<>();
            for (int i = 0; i < servers; i++) {
                DataSource own = db.dataSource();
                applied.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return Migrations.standard(Clock.systemUTC()).migrate(own, dialect());
                }));
            }
            int total = 0;
            for (Future<Integer> f : applied) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertEquals("each migration applied by one server only", Migrations.STANDARD.size(), total);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(ALL_VERSIONS, versions());
        JdbcPolicyStore.open(db.dataSource()).add(DeviceDraft.builder("lab-1").guid("4c4c4544-0042-3510-8052-b4c04f564433").build());
    }

    @Test
    public void aNewerSchemaIsRefused() throws Exception {
        JdbcPolicyStore.open(db.dataSource());
        int known = Migrations.STANDARD.size();
        db.execute("INSERT INTO pxe_schema_version (version, description, applied_at) VALUES (" + (known + 1)
                + ", 'future', 0)");
        StorageException e = assertThrows(StorageException.class, () -> JdbcPolicyStore.open(db.dataSource()));
        assertEquals("the policy database schema is at version " + (known + 1) + ", newer than the " + known
                + " this server knows: a newer "
                + "server has used this database. Upgrade this server, or give it a database of its own", e.getMessage());
    }

    @Test
    public void aFileForTheDatabaseWinsOverTheSharedOne() {
        Migrations probe = new Migrations(getClass().getClassLoader(), "db/test-migration", List.of("V1__probe"),
                Clock.systemUTC());
        assertEquals(1, probe.migrate(db.dataSource(), dialect()));
        assertTrue(tableExists("probe_" + kind));
        assertTrue(!tableExists("probe_shared"));
    }

    @Test
    public void aFailedMigrationIsNotRecordedAndRunsAgainOnceRepaired() throws Exception {
        ClassLoader loader = getClass().getClassLoader();
        Migrations broken = new Migrations(loader, "db/test-migration", List.of("V1__probe", "V2__broken"),
                Clock.systemUTC());
        StorageException e = assertThrows(StorageException.class, () -> broken.migrate(db.dataSource(), dialect()));
        assertTrue(e.getMessage(), e.getMessage().contains("migration V2__broken failed"));
        assertEquals(List.of(1), versions());
        // PostgreSQL rolls the DDL back with the transaction; H2 commits each DDL statement.
        assertEquals(!db.isPostgres(), tableExists("probe_half_done"));

        Migrations fixed = new Migrations(loader, "db/test-migration", List.of("V1__probe", "V2__fixed"),
                Clock.systemUTC());
        assertEquals(1, fixed.migrate(db.dataSource(), dialect()));
        assertEquals(List.of(1, 2), versions());
        assertTrue(tableExists("probe_fixed"));
    }
}
