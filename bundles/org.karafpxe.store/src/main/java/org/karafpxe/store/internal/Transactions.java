package org.karafpxe.store.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.karafpxe.store.DiskFullException;
import org.karafpxe.store.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the policy store talks to its database, in one place: each call takes a connection from the
 * data source and returns it before the call returns; a write runs in one transaction and is
 * committed before the call returns, and on an H2 file database also forced to disk
 * ({@code CHECKPOINT SYNC}), as PostgreSQL does at commit. Transactions that lose a lock conflict
 * with a concurrent one, or a race to insert the same row, are run again, a few times, before the
 * caller is told. An embedded database's disk is checked for room before each write.
 */
final class Transactions {
    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);

    /** Runs of a transaction that lost to a concurrent one, before giving up. */
    static final int ATTEMPTS = 6;

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;
    private final Dialect dialect;
    private final Clock clock;
    private volatile boolean syncCommits;
    /** The room left on an embedded database's disk, checked before each write; none for PostgreSQL. */
    private final Optional<DiskRoom> room;

    private final OperationClocks clocks;

    Transactions(DataSource dataSource, Dialect dialect, Clock clock, boolean syncCommits, Optional<DiskRoom> room,
            OperationClocks clocks) {
        this.clocks = clocks;
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.clock = clock;
        this.syncCommits = syncCommits;
        this.room = room;
    }

    Dialect dialect() {
        return dialect;
    }

    Instant now() {
        // Stored as milliseconds: round here so the returned device equals the one read back.
        return Instant.ofEpochMilli(clock.millis());
    }

    <T> T read(String action, Work<T> work) {
        long start = System.nanoTime();
        boolean failed = false;
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            failed = true;
            throw SqlErrors.storageFailure(action, e);
        } finally {
            clocks.record(OperationClocks.Kind.READ, System.nanoTime() - start, failed);
        }
    }


    /**
     * Runs work in one transaction and commits it (and, on H2, forces it to disk) before returning.
     * Runs it again when it lost a lock conflict with a concurrent transaction, or a race to insert
     * the same ban or sighting; a taken name, MAC or GUID comes out as the work's own exception.
     */
    <T> T write(String action, Work<T> work) {
        return write(action, work, syncCommits, OperationClocks.Kind.WRITE);
    }


    /**
     * A write the server makes for itself on every boot ("last seen", GUID sightings): committed,
     * but on H2 not forced to disk at once, since a sync per booting machine would make a boot storm
     * wait for the disk. A crash can lose the last seconds of it, never an operator's change.
     */
    <T> T bookkeeping(String action, Work<T> work) {
        return write(action, work, false, OperationClocks.Kind.BOOKKEEPING);
    }


    private <T> T write(String action, Work<T> work, boolean sync, OperationClocks.Kind kind) {
        long start = System.nanoTime();
        boolean failed = false;
        try {
            return attempts(action, work, sync);
        } catch (StorageException | DiskFullException e) {
            // The database failed; a refusal of what was asked (a taken name) is not counted.
            failed = true;
            throw e;
        } finally {
            clocks.record(kind, System.nanoTime() - start, failed);
        }
    }

    private <T> T attempts(String action, Work<T> work, boolean sync) {
        room.ifPresent(r -> r.check(action));
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                T result;
                c.setAutoCommit(false);
                try {
                    result = work.run(c);
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    rollback(c, e);
                    throw e;
                } finally {
                    restoreAutoCommit(c);
                }
                if (sync && syncCommits) {
                    sync(c);
                }
                return result;
            } catch (SQLException e) {
                boolean retry = SqlErrors.isTransient(e)
                        || (SqlErrors.isUniqueViolation(e) && SqlErrors.duplicateField(e).isEmpty());
                if (!retry || attempt == ATTEMPTS) {
                    throw SqlErrors.storageFailure(action, e);
                }
                pause(attempt);
            }
        }
    }

    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Hands pooled connections back as the pool gave them out. */
    private static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.debug("Could not restore auto-commit on a policy database connection", e);
        }
    }

    /** Spreads the retries of transactions that collided, so that they do not collide again. */

    static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L << Math.min(attempt, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting to retry a policy database write", e);
        }
    }


    // ---------------------------------------------------------------- durability

    /*
     * H2 writes a commit to its file only when WRITE_DELAY is 0 (else up to 500 ms later), and
     * never forces it to disk. CHECKPOINT SYNC does both, so a write acknowledged here survives a
     * kill of the server and a power loss, as it does on PostgreSQL. It needs the database's admin
     * user; without it, the WRITE_DELAY=0 of the JDBC URL is all that protects a commit.
     */
    private void sync(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("CHECKPOINT SYNC");
        } catch (SQLException e) {
            syncCommits = false;
            LOG.error("H2 refused CHECKPOINT SYNC ({}): from now on a committed write reaches the disk only as "
                    + "WRITE_DELAY in the JDBC URL allows (set WRITE_DELAY=0, and connect as the database's "
                    + "admin user, in etc/org.ops4j.datasource-pxe.cfg)", e.getMessage());
        }
    }

    void checkDurability() {
        try (Connection c = dataSource.getConnection()) {
            if (syncCommits) {
                sync(c);
            } else if (dialect == Dialect.POSTGRESQL) {
                try (Statement s = c.createStatement();
                        ResultSet r = s.executeQuery("SELECT current_setting('synchronous_commit')")) {
                    if (r.next() && "off".equalsIgnoreCase(r.getString(1))) {
                        LOG.warn("PostgreSQL runs with synchronous_commit = off: a write the policy store "
                                + "acknowledged can be lost if the database server crashes");
                    }
                }
            }
        } catch (SQLException e) {
            throw SqlErrors.storageFailure("open the policy store", e);
        }
    }
}
