package org.karafpxe.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.karafpxe.store.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the database schema to the version this bundle needs, at every start.
 *
 * <p>Migrations are SQL resources {@code V<n>__<description>.sql} applied in order of n, each in
 * its own transaction that also records it in {@code pxe_schema_version}; a migration already
 * recorded is skipped, so starting again changes nothing. Where the databases' SQL must differ, a
 * file for one database ({@code V3__x.postgresql.sql}, {@code V3__x.h2.sql}) is taken before the
 * shared one.
 *
 * <p>Servers sharing one PostgreSQL may start at the same moment: each migration transaction first
 * takes a transaction-scoped advisory lock, then checks the recorded version, so one server applies
 * a migration and the others, waiting on the lock, find it done. An embedded H2 database belongs to
 * one process (its file is locked), so a lock inside this JVM is enough there.
 *
 * <p>PostgreSQL runs DDL inside the transaction, so a failed migration leaves nothing behind. H2
 * commits each DDL statement on its own: a migration that fails halfway is run again from the top
 * at the next start, which is why every statement must be safe to repeat ({@code IF NOT EXISTS}).
 */
public final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    /** The store's migrations, in order; each has a resource in {@value #FOLDER}. */
    static final List<String> STANDARD = List.of("V1__devices", "V2__guids", "V3__secrets", "V4__pending",
            "V5__audit");
    static final String FOLDER = "db/migration";

    /* Any fixed number will do, as long as every server uses the same one: it names the lock. */
    private static final long ADVISORY_LOCK_KEY = 0x4b50_5845_5354_4f52L;
    private static final ReentrantLock LOCAL_LOCK = new ReentrantLock();
    private static final Pattern NAME = Pattern.compile("V([1-9][0-9]*)__([A-Za-z0-9_]+)");

    /** One migration: its version, its description, and the resource base name. */
    record Migration(int version, String description, String name) {
    }

    private final ClassLoader loader;
    private final String folder;
    private final List<Migration> migrations;
    private final Clock clock;

    Migrations(ClassLoader loader, String folder, List<String> names, Clock clock) {
        this.loader = loader;
        this.folder = folder;
        this.clock = clock;
        List<Migration> list = new ArrayList<>();
        for (String name : names) {
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalArgumentException("migration " + name + " is not named V<n>__<description>");
            }
            int version = Integer.parseInt(m.group(1));
            if (version != list.size() + 1) {
                throw new IllegalArgumentException("migration " + name + " should be version " + (list.size() + 1)
                        + ": versions run 1, 2, 3... without gaps");
            }
            list.add(new Migration(version, m.group(2).replace('_', ' '), name));
        }
        this.migrations = List.copyOf(list);
    }

    /** The migrations this bundle ships. */
    public static Migrations standard(Clock clock) {
        return new Migrations(Migrations.class.getClassLoader(), FOLDER, STANDARD, clock);
    }

    /** The schema version the migrations lead to. */
    public int latestVersion() {
        return migrations.size();
    }

    List<Migration> migrations() {
        return migrations;
    }

    /**
     * Applies the migrations the database lacks.
     *
     * @return how many this call applied (0 when another server or an earlier start did)
     * @throws StorageException when the database fails, or its schema is newer than this bundle's
     */
    public int migrate(DataSource dataSource, Dialect dialect) {
        if (dialect == Dialect.UNKNOWN) {
            throw new IllegalArgumentException("no migrations for an unknown database");
        }
        boolean local = dialect != Dialect.POSTGRESQL;
        if (local) {
            LOCAL_LOCK.lock();
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                inTransaction(c, dialect, () -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("CREATE TABLE IF NOT EXISTS pxe_schema_version ("
                                + "version INTEGER NOT NULL PRIMARY KEY, "
                                + "description VARCHAR(200) NOT NULL, "
                                + "applied_at BIGINT NOT NULL)");
                    }
                });
                int applied = 0;
                for (Migration m : migrations) {
                    if (applyIfMissing(c, dialect, m)) {
                        applied++;
                    }
                }
                return applied;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw SqlErrors.storageFailure("bring the policy database schema up to date", e);
        } finally {
            if (local) {
                LOCAL_LOCK.unlock();
            }
        }
    }

    private boolean applyIfMissing(Connection c, Dialect dialect, Migration m) throws SQLException {
        boolean[] applied = {false};
        inTransaction(c, dialect, () -> {
            int current = currentVersion(c);
            if (current > latestVersion()) {
                throw new StorageException("the policy database schema is at version " + current
                        + ", newer than the " + latestVersion() + " this server knows: a newer server "
                        + "has used this database. Upgrade this server, or give it a database of its own", null);
            }
            if (current >= m.version()) {
                return;
            }
            String script = load(m, dialect);
            try (Statement s = c.createStatement()) {
                for (String statement : statements(script)) {
                    s.execute(statement);
                }
            } catch (SQLException e) {
                throw new SQLException("migration " + m.name() + " failed: " + e.getMessage(), e.getSQLState(),
                        e.getErrorCode(), e);
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO pxe_schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                p.setInt(1, m.version());
                p.setString(2, m.description());
                p.setLong(3, clock.millis());
                p.executeUpdate();
            }
            applied[0] = true;
        });
        if (applied[0]) {
            LOG.info("Policy database: applied migration {} ({})", m.version(), m.description());
        }
        return applied[0];
    }

    private interface Work {
        void run() throws SQLException;
    }

    private static void inTransaction(Connection c, Dialect dialect, Work work) throws SQLException {
        try {
            if (dialect == Dialect.POSTGRESQL) {
                try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    p.setLong(1, ADVISORY_LOCK_KEY);
                    p.executeQuery().close();
                }
            }
            work.run();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT MAX(version) FROM pxe_schema_version")) {
            r.next();
            return r.getInt(1);
        }
    }

    private String load(Migration m, Dialect dialect) {
        for (String resource : List.of(folder + "/" + m.name() + "." + dialect.key() + ".sql",
                folder + "/" + m.name() + ".sql")) {
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in != null) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        throw new IllegalStateException("migration " + m.name() + " has no resource " + folder + "/" + m.name()
                + ".sql (nor one for " + dialect.key() + ")");
    }

    /**
     * Splits a script into statements: {@code --} comment lines are dropped and a line ending in
     * {@code ;} ends a statement. Migrations hold no semicolons inside literals, so nothing more
     * is needed.
     */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\r?\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1).strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }
}
