package org.karafpxe.store.internal;

import static org.junit.Assert.fail;

import java.io.File;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.Assume;
import org.junit.rules.TemporaryFolder;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh, empty database for one test: an H2 file database in a temporary folder, or a schema of
 * its own in the PostgreSQL that {@code PXE_TEST_POSTGRES_URL}, {@code PXE_TEST_POSTGRES_USER} and
 * {@code PXE_TEST_POSTGRES_PASSWORD} point at (so tests never see each other's tables, and runs
 * sharing one database do not collide).
 *
 * <p>Without {@code PXE_TEST_POSTGRES_URL} the PostgreSQL case is skipped, except under CI
 * ({@code CI=true}), which provides PostgreSQL: there a missing URL fails the test.
 */
final class TestDatabase implements AutoCloseable {

    static final String H2 = "h2";
    static final String POSTGRESQL = "postgresql";

    /** The settings the server's H2 URL carries; see the durability test. */
    static final String H2_SETTINGS = ";WRITE_DELAY=0;DB_CLOSE_DELAY=-1";

    private final String kind;
    private final String h2Url;
    private final String schema;

    private TestDatabase(String kind, String h2Url, String schema) {
        this.kind = kind;
        this.h2Url = h2Url;
        this.schema = schema;
    }

    /** The parameters of a test run against both databases. */
    static List<Object[]> kinds() {
        return List.of(new Object[] {H2}, new Object[] {POSTGRESQL});
    }

    static TestDatabase create(String kind, TemporaryFolder tmp) throws Exception {
        if (kind.equals(H2)) {
            File dir = tmp.newFolder();
            return new TestDatabase(kind, h2Url(new File(dir, "store")), null);
        }
        requirePostgres();
        String schema = "pxe_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        TestDatabase db = new TestDatabase(kind, null, schema);
        try (Connection c = postgres(null).getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return db;
    }

    static String h2Url(File base) {
        return "jdbc:h2:file:" + base.getAbsolutePath() + H2_SETTINGS;
    }

    static DataSource h2(String url) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        ds.setPassword("");
        return ds;
    }

    private static void requirePostgres() {
        String url = System.getenv("PXE_TEST_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but PXE_TEST_POSTGRES_URL is not set: CI must run the store tests against PostgreSQL "
                        + "(set PXE_TEST_POSTGRES_URL, PXE_TEST_POSTGRES_USER and PXE_TEST_POSTGRES_PASSWORD)");
            }
            Assume.assumeTrue("PostgreSQL tests skipped: PXE_TEST_POSTGRES_URL is not set", false);
        }
    }

    String kind() {
        return kind;
    }

    boolean isPostgres() {
        return kind.equals(POSTGRESQL);
    }

    /**
     * A new data source on the database: each one stands for a server of its own (on PostgreSQL
     * its own connections; H2 is shared within the JVM, as the server's one process would).
     */
    DataSource dataSource() {
        return isPostgres() ? postgres(schema) : h2(h2Url);
    }

    private static PGSimpleDataSource postgres(String schema) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(System.getenv("PXE_TEST_POSTGRES_URL"));
        String user = System.getenv("PXE_TEST_POSTGRES_USER");
        if (user != null && !user.isBlank()) {
            ds.setUser(user);
        }
        String password = System.getenv("PXE_TEST_POSTGRES_PASSWORD");
        if (password != null) {
            ds.setPassword(password);
        }
        if (schema != null) {
            ds.setCurrentSchema(schema);
        }
        return ds;
    }

    /** Runs SQL on the database directly, around the store (to break or inspect it). */
    void execute(String sql) throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        if (isPostgres()) {
            try (Connection c = postgres(null).getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        } else {
            // DB_CLOSE_DELAY=-1 keeps the database open until told, as the server wants it.
            execute("SHUTDOWN");
        }
    }
}
