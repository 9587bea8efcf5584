package org.karafpxe.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.karafpxe.api.MacAddress;
import org.karafpxe.store.BannedGuid;
import org.karafpxe.store.DuplicateGuid;
import org.karafpxe.store.GuidRegistry;
import org.karafpxe.store.Sighting;

/**
 * Banned GUIDs and GUID sightings in the database. The sightings table stays bounded whatever
 * clients send.
 */
final class JdbcGuids implements GuidRegistry {
    /** Rows kept in the sightings table at most, and how long an unseen row is kept. */
    static final int MAX_SIGHTINGS = 100_000;
    static final int SIGHTING_RETENTION_DAYS = 180;

    private final Transactions tx;
    private final JdbcAudit audit;
    private volatile int maxSightings = MAX_SIGHTINGS;

    JdbcGuids(Transactions tx, JdbcAudit audit) {
        this.tx = tx;
        this.audit = audit;
    }

    @Override
    public void banGuid(UUID guid, String reason) {
        BannedGuid ban = new BannedGuid(guid, reason, tx.now());
        tx.write("ban GUID " + guid, c -> {
            Optional<String> before = reason(c, guid);
            audit.record(c, "guid-ban", guid.toString(), before, Optional.of(ban.reason()));
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE pxe_banned_guid SET reason = ?, banned_at = ? WHERE guid = ?")) {
                p.setString(1, ban.reason());
                p.setLong(2, ban.bannedAt().toEpochMilli());
                p.setString(3, guid.toString());
                if (p.executeUpdate() == 1) {
                    return null;
                }
            }
            // A concurrent ban of the same GUID makes this insert fail; write() then runs it all again.
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO pxe_banned_guid (guid, reason, banned_at) VALUES (?, ?, ?)")) {
                p.setString(1, guid.toString());
                p.setString(2, ban.reason());
                p.setLong(3, ban.bannedAt().toEpochMilli());
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean unbanGuid(UUID guid) {
        return tx.write("lift the ban of GUID " + guid, c -> {
            Optional<String> before = reason(c, guid);
            try (PreparedStatement p = c.prepareStatement("DELETE FROM pxe_banned_guid WHERE guid = ?")) {
                p.setString(1, guid.toString());
                if (p.executeUpdate() == 0) {
                    return false;
                }
            }
            audit.record(c, "guid-unban", guid.toString(), before, Optional.empty());
            return true;
        });
    }

    /** The reason a GUID is banned for, when it is. */
    private static Optional<String> reason(Connection c, UUID guid) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT reason FROM pxe_banned_guid WHERE guid = ?")) {
            p.setString(1, guid.toString());
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    @Override
    public List<BannedGuid> bannedGuids() {
        return tx.read("list banned GUIDs", c -> {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT guid, reason, banned_at FROM pxe_banned_guid ORDER BY guid")) {
                List<BannedGuid> bans = new ArrayList<>();
                while (r.next()) {
                    Optional<UUID> guid = DeviceRows.uuid(r.getString(1));
                    if (guid.isPresent()) {
                        bans.add(new BannedGuid(guid.get(), DeviceRows.readableReason(r.getString(2)),
                                Instant.ofEpochMilli(r.getLong(3))));
                    }
                }
                return bans;
            }
        });
    }

    @Override
    public boolean isBanned(UUID guid) {
        return tx.read("check GUID " + guid, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM pxe_banned_guid WHERE guid = ?")) {
                p.setString(1, guid.toString());
                try (ResultSet r = p.executeQuery()) {
                    return r.next();
                }
            }
        });
    }

    @Override
    public void recordSighting(UUID guid, MacAddress mac, Instant when) {
        tx.bookkeeping("note GUID " + guid + " from MAC " + mac, c -> sightings(c, List.of(new Sighting(guid, mac, when))));
    }

    @Override
    public void recordSightings(List<Sighting> sightings) {
        if (!sightings.isEmpty()) {
            tx.bookkeeping("note " + sightings.size() + " GUID sightings", c -> sightings(c, sightings));
        }
    }

    /**
     * Keeps the sightings table bounded whatever clients send: rows not seen for
     * {@value #SIGHTING_RETENTION_DAYS} days go, and beyond {@code maxSightings} rows the least
     * recently seen go first. Runs after each batch that added rows.
     */
    private void pruneSightings(Connection c) throws SQLException {
        try (PreparedStatement old = c.prepareStatement("DELETE FROM pxe_guid_sighting WHERE last_seen < ?")) {
            old.setLong(1, tx.now().minus(Duration.ofDays(SIGHTING_RETENTION_DAYS)).toEpochMilli());
            old.executeUpdate();
        }
        long rows;
        try (Statement count = c.createStatement();
                ResultSet r = count.executeQuery("SELECT COUNT(*) FROM pxe_guid_sighting")) {
            r.next();
            rows = r.getLong(1);
        }
        if (rows <= maxSightings) {
            return;
        }
        // The newest maxSightings-th last_seen: everything older goes (ties kept, so a little over the cap).
        try (PreparedStatement cut = c.prepareStatement("DELETE FROM pxe_guid_sighting WHERE last_seen < "
                + "(SELECT last_seen FROM pxe_guid_sighting ORDER BY last_seen DESC LIMIT 1 OFFSET ?)")) {
            cut.setLong(1, maxSightings - 1);
            cut.executeUpdate();
        }
    }

    /** For tests: fewer rows than the default, to see the cap work. */
    void maxSightings(int rows) {
        maxSightings = rows;
    }

    private Void sightings(Connection c, List<Sighting> sightings) throws SQLException {
        int inserted = 0;
        try (PreparedStatement update = c.prepareStatement("UPDATE pxe_guid_sighting SET "
                + "last_seen = CASE WHEN last_seen < ? THEN ? ELSE last_seen END, "
                + "first_seen = CASE WHEN first_seen > ? THEN ? ELSE first_seen END "
                + "WHERE guid = ? AND mac = ?");
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO pxe_guid_sighting (guid, mac, first_seen, last_seen) VALUES (?, ?, ?, ?)")) {
            for (Sighting sighting : sightings) {
                long millis = sighting.when().toEpochMilli();
                update.setLong(1, millis);
                update.setLong(2, millis);
                update.setLong(3, millis);
                update.setLong(4, millis);
                update.setString(5, sighting.guid().toString());
                update.setString(6, DeviceRows.hex(sighting.mac()));
                if (update.executeUpdate() == 1) {
                    continue;
                }
                // As for bans: a concurrent first sighting of the pair makes write() run this again.
                insert.setString(1, sighting.guid().toString());
                insert.setString(2, DeviceRows.hex(sighting.mac()));
                insert.setLong(3, millis);
                insert.setLong(4, millis);
                inserted += insert.executeUpdate();
            }
        }
        if (inserted > 0) {
            pruneSightings(c);
        }
        return null;
    }

    @Override
    public List<DuplicateGuid> duplicateGuids() {
        return tx.read("list duplicate GUIDs", c -> {
            String sql = "SELECT s.guid, s.mac, s.last_seen, "
                    + "(SELECT COUNT(*) FROM pxe_banned_guid b WHERE b.guid = s.guid) AS bans "
                    + "FROM pxe_guid_sighting s WHERE s.guid IN "
                    + "(SELECT guid FROM pxe_guid_sighting GROUP BY guid HAVING COUNT(*) > 1) "
                    + "ORDER BY s.guid, s.mac";
            Map<UUID, DuplicateGuid> byGuid = new LinkedHashMap<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
                while (r.next()) {
                    Optional<UUID> guid = DeviceRows.uuid(r.getString(1));
                    Optional<MacAddress> mac = MacAddress.parse(r.getString(2));
                    if (guid.isEmpty() || mac.isEmpty()) {
                        continue;
                    }
                    Instant seen = Instant.ofEpochMilli(r.getLong(3));
                    boolean banned = r.getLong(4) > 0;
                    byGuid.merge(guid.get(), new DuplicateGuid(guid.get(), List.of(mac.get()), seen, banned),
                            (a, b) -> {
                                List<MacAddress> macs = new ArrayList<>(a.macs());
                                macs.addAll(b.macs());
                                return new DuplicateGuid(a.guid(), macs,
                                        a.lastSeen().isAfter(b.lastSeen()) ? a.lastSeen() : b.lastSeen(), a.banned());
                            });
                }
            }
            return List.copyOf(byGuid.values());
        });
    }

}
