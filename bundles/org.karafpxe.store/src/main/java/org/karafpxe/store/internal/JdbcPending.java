package org.karafpxe.store.internal;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.karafpxe.api.MacAddress;
import org.karafpxe.store.PendingDevice;
import org.karafpxe.store.PendingDevices;
import org.karafpxe.store.PendingSighting;
import org.karafpxe.support.TicketBook;

/**
 * Machines held for approval, in the database. Every server sharing it sees one queue: a machine is
 * one row (by MAC) whichever server it asks, and keeps its token. The table is capped whatever the
 * segment sends.
 */
final class JdbcPending implements PendingDevices {
    /** Longest text kept of what a client names itself by (an architecture key, an address). */
    static final int MAX_TEXT = 32;
    private static final String COLUMNS = "id, mac, guid, architecture, address, relay, first_seen, last_seen, "
            + "requests, state, token";

    private final Transactions tx;
    private final JdbcAudit audit;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong evicted = new AtomicLong();

    JdbcPending(Transactions tx, JdbcAudit audit) {
        this.tx = tx;
        this.audit = audit;
    }

    @Override
    public PendingDevice sighted(PendingSighting s, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("the pending queue keeps at least one machine: " + max);
        }
        String mac = DeviceRows.hex(s.mac());
        long when = s.when().toEpochMilli();
        return tx.write("note pending machine " + s.mac(), c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE pxe_pending SET "
                    + "last_seen = CASE WHEN last_seen < ? THEN ? ELSE last_seen END, requests = requests + 1, "
                    + "address = ?, relay = ?, architecture = ?, guid = COALESCE(?, guid) WHERE mac = ?")) {
                update.setLong(1, when);
                update.setLong(2, when);
                update.setString(3, bounded(s.address()));
                update.setString(4, s.relay().map(JdbcPending::bounded).orElse(null));
                update.setString(5, bounded(s.architecture()));
                update.setString(6, s.guid().map(UUID::toString).orElse(null));
                update.setString(7, mac);
                if (update.executeUpdate() == 0) {
                    // A first request of the same machine on another server at once makes this insert
                    // fail on the MAC's unique key; write() then runs it all again, and the update wins.
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO pxe_pending (mac, guid, "
                            + "architecture, address, relay, first_seen, last_seen, requests, state, token) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)")) {
                        insert.setString(1, mac);
                        insert.setString(2, s.guid().map(UUID::toString).orElse(null));
                        insert.setString(3, bounded(s.architecture()));
                        insert.setString(4, bounded(s.address()));
                        insert.setString(5, s.relay().map(JdbcPending::bounded).orElse(null));
                        insert.setLong(6, when);
                        insert.setLong(7, when);
                        insert.setString(8, PendingDevice.State.PENDING.key());
                        insert.setString(9, TicketBook.newToken(random));
                        insert.executeUpdate();
                    }
                    cap(c, max);
                }
            }
            return select(c, "mac = ?", mac).orElseThrow(() -> new SQLException("the pending machine " + s.mac()
                    + " was removed as it was written"));
        });
    }

    /**
     * Keeps at most {@code max} rows: beyond, the least recently seen go first (the machine just added
     * is the most recent, so it stays). Runs after each insert, in its transaction.
     */
    private void cap(Connection c, int max) throws SQLException {
        long rows;
        try (Statement count = c.createStatement();
                ResultSet r = count.executeQuery("SELECT COUNT(*) FROM pxe_pending")) {
            r.next();
            rows = r.getLong(1);
        }
        if (rows <= max) {
            return;
        }
        try (PreparedStatement cut = c.prepareStatement("DELETE FROM pxe_pending WHERE id IN (SELECT id FROM "
                + "pxe_pending ORDER BY last_seen, id LIMIT ?)")) {
            cut.setLong(1, rows - max);
            evicted.addAndGet(cut.executeUpdate());
        }
    }

    @Override
    public Optional<PendingDevice> byToken(String token) {
        if (!token.matches(TicketBook.PATTERN)) {
            return Optional.empty();
        }
        String key = token.toLowerCase(Locale.ROOT);
        return tx.read("find a pending machine by its token", c -> select(c, "token = ?", key));
    }

    @Override
    public Optional<PendingDevice> findPending(String idOrMac) {
        String text = idOrMac.strip();
        if (text.matches("[0-9]{1,18}")) {
            return tx.read("find pending machine " + text, c -> select(c, "id = ?", Long.parseLong(text)));
        }
        Optional<MacAddress> mac = MacAddress.parse(text);
        if (mac.isEmpty()) {
            return Optional.empty();
        }
        return tx.read("find pending machine " + mac.get(), c -> select(c, "mac = ?", DeviceRows.hex(mac.get())));
    }

    @Override
    public List<PendingDevice> listPending() {
        return tx.read("list pending machines", c -> {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT " + COLUMNS + " FROM pxe_pending ORDER BY last_seen DESC, id")) {
                List<PendingDevice> all = new ArrayList<>();
                while (r.next()) {
                    row(r).ifPresent(all::add);
                }
                return all;
            }
        });
    }

    @Override
    public boolean setState(long id, PendingDevice.State state) {
        return tx.write("mark pending machine " + id + " " + state.key(), c -> {
            Optional<PendingDevice> before = select(c, "id = ?", id);
            try (PreparedStatement p = c.prepareStatement("UPDATE pxe_pending SET state = ? WHERE id = ?")) {
                p.setString(1, state.key());
                p.setLong(2, id);
                if (p.executeUpdate() == 0) {
                    return false;
                }
            }
            if (before.isPresent()) {
                audit.record(c, "pending-" + state.key(), before.get().mac().toString(),
                        Optional.of(before.get().state().key()), Optional.of(state.key()));
            }
            return true;
        });
    }

    @Override
    public boolean deletePending(long id) {
        return tx.write("delete pending machine " + id, c -> {
            Optional<PendingDevice> before = select(c, "id = ?", id);
            try (PreparedStatement p = c.prepareStatement("DELETE FROM pxe_pending WHERE id = ?")) {
                p.setLong(1, id);
                if (p.executeUpdate() == 0) {
                    return false;
                }
            }
            if (before.isPresent()) {
                audit.record(c, "pending-delete", before.get().mac().toString(),
                        Optional.of(before.get().state().key()), Optional.empty());
            }
            return true;
        });
    }

    @Override
    public int clearPending(List<PendingDevice.State> states, Instant before) {
        if (states.isEmpty()) {
            return 0;
        }
        String in = String.join(", ", states.stream().map(s -> "'" + s.key() + "'").toList());
        return tx.write("clear pending machines", c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM pxe_pending WHERE state IN (" + in
                    + ") AND last_seen < ?")) {
                p.setLong(1, before.toEpochMilli());
                int deleted = p.executeUpdate();
                if (deleted > 0) {
                    audit.record(c, "pending-clear", String.join(" ", states.stream().map(PendingDevice.State::key)
                            .toList()), Optional.of(deleted + " record(s) not seen since " + before), Optional.empty());
                }
                return deleted;
            }
        });
    }

    @Override
    public long evicted() {
        return evicted.get();
    }

    private static Optional<PendingDevice> select(Connection c, String where, Object key) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM pxe_pending WHERE " + where)) {
            p.setObject(1, key);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? row(r) : Optional.empty();
            }
        }
    }

    /** A row as a record; a row the server cannot read (edited by hand) is left out. */
    private static Optional<PendingDevice> row(ResultSet r) throws SQLException {
        Optional<MacAddress> mac = MacAddress.parse(r.getString(2));
        PendingDevice.State state;
        try {
            state = PendingDevice.State.valueOf(r.getString(10).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (mac.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PendingDevice(r.getLong(1), mac.get(), DeviceRows.uuid(r.getString(3)), r.getString(4),
                r.getString(5), Optional.ofNullable(r.getString(6)), Instant.ofEpochMilli(r.getLong(7)),
                Instant.ofEpochMilli(r.getLong(8)), r.getLong(9), state, r.getString(11)));
    }

    /** What a client sent, cut to what the column keeps. */
    private static String bounded(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }
}
