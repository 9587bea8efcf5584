package org.karafpxe.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.karafpxe.api.MacAddress;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.Device;
import org.karafpxe.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device rows: the columns, a row read back as a {@link Device}, and the stored forms of keys (MAC
 * as 12 lower-case hex digits, GUID as lower-case text, a device named by name or id).
 */
final class DeviceRows {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceRows.class);
    private static final Pattern ID = Pattern.compile("[0-9]{1,18}");

    static final String COLUMNS = "id, name, mac, guid, boot_program, referral_server, task_script, "
            + "task_one_shot, device_group, created_at, last_seen_at";
    static final String SELECT_DEVICE = "SELECT " + COLUMNS + " FROM pxe_device ";

    private DeviceRows() {
    }

    static Optional<Device> select(Connection c, String nameOrId, boolean forUpdate) throws SQLException {
        return selectOne(c, SELECT_DEVICE + "WHERE " + keyOf(nameOrId) + (forUpdate ? " FOR UPDATE" : ""),
                key(nameOrId));
    }

    static Optional<Device> selectOne(Connection c, String sql, Object key) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setObject(1, key);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? device(r) : Optional.empty();
            }
        }
    }

    /** Names are never all digits, so digits are an id and anything else a name. */
    static String keyOf(String nameOrId) {
        return ID.matcher(nameOrId.strip()).matches() ? "id = ?" : "name_key = ?";
    }

    static Object key(String nameOrId) {
        String t = nameOrId.strip();
        return ID.matcher(t).matches() ? (Object) Long.valueOf(t) : t.toLowerCase(Locale.ROOT);
    }

    static void bindKey(PreparedStatement p, int index, String nameOrId) throws SQLException {
        p.setObject(index, key(nameOrId));
    }

    /**
     * A row as a device. Rows are written only by this class, but an operator may have edited the
     * database by hand: a value that does not read back is logged and left out, rather than making
     * the device (or the whole list) unreadable.
     */
    static Optional<Device> device(ResultSet r) throws SQLException {
        long id = r.getLong("id");
        String name = r.getString("name");
        String macText = r.getString("mac");
        Optional<MacAddress> mac = macText == null ? Optional.empty() : MacAddress.parse(macText);
        Optional<UUID> guid = uuid(r.getString("guid"));
        if (macText != null && mac.isEmpty()) {
            LOG.warn("Device {} ('{}') has an unreadable MAC '{}' in the database; ignoring it", id, name, macText);
        }
        if (mac.isEmpty() && guid.isEmpty()) {
            LOG.warn("Device {} ('{}') has neither a readable MAC nor GUID in the database; skipping it", id, name);
            return Optional.empty();
        }
        long lastSeen = r.getLong("last_seen_at");
        Optional<Instant> seen = r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastSeen));
        return Optional.of(new Device(id, name, mac, guid, Optional.ofNullable(r.getString("boot_program")),
                Optional.ofNullable(r.getString("referral_server")),
                task(name, r.getString("task_script"), r.getBoolean("task_one_shot")),
                Optional.ofNullable(r.getString("device_group")), Instant.ofEpochMilli(r.getLong("created_at")),
                seen));
    }

    static Optional<BootTask> task(String device, String script, boolean oneShot) {
        if (script == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BootTask(script, oneShot));
        } catch (StoreException e) {
            LOG.warn("Device '{}' has an unusable boot task in the database ({}); ignoring it", device, e.getMessage());
            return Optional.empty();
        }
    }

    static Optional<UUID> uuid(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            LOG.warn("Unreadable GUID '{}' in the policy database; ignoring it", text);
            return Optional.empty();
        }
    }

    static String readableReason(String reason) {
        return reason == null || reason.isBlank() ? "(no reason given)" : reason.strip();
    }

    static String hex(MacAddress mac) {
        return HexFormat.of().formatHex(mac.bytes());
    }

}
