package org.karafpxe.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.karafpxe.store.AuditEntry;
import org.karafpxe.store.AuditTrail;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.Device;

/**
 * The audit trail in the database. The store's own changes are recorded by {@link #record} inside
 * their transaction, so a change is never without its record, nor a record without its change. Kept
 * bounded: every {@value #PRUNE_EVERY} records, rows older than the retention go, and beyond the most
 * kept, the oldest.
 */
final class JdbcAudit implements AuditTrail {
    static final int PRUNE_EVERY = 500;
    static final int MAX_VALUE = 4096;

    private final Transactions tx;
    private final AtomicInteger sincePrune = new AtomicInteger();
    private volatile Duration retention = Duration.ofDays(365);
    private volatile int maxRows = 100_000;

    JdbcAudit(Transactions tx) {
        this.tx = tx;
    }

    /** The retention and the most rows kept; applied at the next prune. */
    void bounds(Duration keepFor, int max) {
        retention = keepFor;
        maxRows = max;
        sincePrune.set(PRUNE_EVERY);
    }

    /** Records a change of the store, by the current console user, in the change's transaction. */
    void record(Connection c, String action, String subject, Optional<String> before, Optional<String> after)
            throws SQLException {
        insert(c, Actors.current(), action, subject, before, after);
    }

    @Override
    public void recordChange(String actor, String action, String subject, Optional<String> before,
            Optional<String> after) {
        tx.write("record the change of " + subject, c -> {
            insert(c, actor, action, subject, before, after);
            return null;
        });
    }

    private void insert(Connection c, String actor, String action, String subject, Optional<String> before,
            Optional<String> after) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO pxe_audit (at, actor, action, subject, "
                + "before_value, after_value) VALUES (?, ?, ?, ?, ?, ?)")) {
            p.setLong(1, tx.now().toEpochMilli());
            p.setString(2, cut(actor, 64));
            p.setString(3, cut(action, 32));
            p.setString(4, cut(subject, 128));
            p.setString(5, before.map(v -> cut(v, MAX_VALUE)).orElse(null));
            p.setString(6, after.map(v -> cut(v, MAX_VALUE)).orElse(null));
            p.executeUpdate();
        }
        if (sincePrune.incrementAndGet() >= PRUNE_EVERY) {
            sincePrune.set(0);
            prune(c);
        }
    }

    /** Rows older than the retention go, then the oldest beyond the most kept. */
    void prune(Connection c) throws SQLException {
        try (PreparedStatement old = c.prepareStatement("DELETE FROM pxe_audit WHERE at < ?")) {
            old.setLong(1, tx.now().minus(retention).toEpochMilli());
            old.executeUpdate();
        }
        long rows;
        try (Statement count = c.createStatement(); ResultSet r = count.executeQuery("SELECT COUNT(*) FROM pxe_audit")) {
            r.next();
            rows = r.getLong(1);
        }
        if (rows > maxRows) {
            try (PreparedStatement cut = c.prepareStatement("DELETE FROM pxe_audit WHERE id IN (SELECT id FROM "
                    + "pxe_audit ORDER BY id LIMIT ?)")) {
                cut.setLong(1, rows - maxRows);
                cut.executeUpdate();
            }
        }
    }

    @Override
    public List<AuditEntry> auditEntries(Optional<String> subject, Optional<Instant> since, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, at, actor, action, subject, before_value, after_value "
                + "FROM pxe_audit WHERE at >= ?");
        subject.ifPresent(s -> sql.append(" AND (LOWER(subject) = ? OR LOWER(subject) LIKE ?)"));
        sql.append(" ORDER BY id DESC LIMIT ?");
        return tx.read("read the audit trail", c -> {
            try (PreparedStatement p = c.prepareStatement(sql.toString())) {
                int i = 1;
                p.setLong(i++, since.map(Instant::toEpochMilli).orElse(Long.MIN_VALUE));
                if (subject.isPresent()) {
                    String key = subject.get().strip().toLowerCase(Locale.ROOT);
                    p.setString(i++, key);
                    // A configuration's changes are "<pid> <key>": its PID alone finds them all.
                    p.setString(i++, key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + " %");
                }
                p.setInt(i, Math.max(1, limit));
                List<AuditEntry> entries = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        entries.add(new AuditEntry(r.getLong(1), Instant.ofEpochMilli(r.getLong(2)), r.getString(3),
                                r.getString(4), r.getString(5), Optional.ofNullable(r.getString(6)),
                                Optional.ofNullable(r.getString(7))));
                    }
                }
                return entries;
            }
        });
    }

    /** A device as the trail shows it: every field that is set, on one line. */
    static String device(Device d) {
        StringBuilder b = new StringBuilder();
        d.mac().ifPresent(m -> b.append("mac ").append(m));
        d.guid().ifPresent(g -> b.append(b.length() > 0 ? ", " : "").append("guid ").append(g));
        d.bootProgram().ifPresent(v -> b.append(", boot program ").append(v));
        d.referralServer().ifPresent(v -> b.append(", referral server ").append(v));
        d.group().ifPresent(v -> b.append(", group ").append(v));
        d.task().ifPresent(t -> b.append(", task ").append(task(t)));
        return b.toString();
    }

    /** A task as the trail shows it. */
    static String task(BootTask t) {
        return (t.oneShot() ? "(one-shot) " : "(every boot) ") + t.script();
    }

    /** A value on one line, cut to what the column keeps. */
    static String cut(String value, int max) {
        String line = value.replace("\r", "").replace("\n", "\\n");
        return line.length() <= max ? line : line.substring(0, max - 3) + "...";
    }
}
