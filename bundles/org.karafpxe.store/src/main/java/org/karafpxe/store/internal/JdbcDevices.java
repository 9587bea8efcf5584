package org.karafpxe.store.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.karafpxe.api.MacAddress;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceChange;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.DeviceRegistry;
import org.karafpxe.store.DuplicateException;
import org.karafpxe.store.ImportException;
import org.karafpxe.store.ImportResult;
import org.karafpxe.store.UnknownDeviceException;

/**
 * The prestaged devices in the database. Uniqueness of names, MACs and GUIDs is the database's to
 * keep (unique constraints), so two servers adding the same MAC at once cannot both succeed; the
 * loser's constraint violation is turned into the message a check beforehand would have given.
 * When this server is the database's only writer, the devices' MACs and GUIDs are also held in
 * memory ({@link DeviceKeys}), so that a client no device has is told apart without a query.
 */
final class JdbcDevices implements DeviceRegistry {
    private final Transactions tx;
    private final JdbcAudit audit;
    /** The devices' MACs and GUIDs in memory, when no one else writes the database; else null. */
    private final DeviceKeys keys;

    JdbcDevices(Transactions tx, JdbcAudit audit, boolean exclusive) {
        this.tx = tx;
        this.audit = audit;
        this.keys = exclusive ? new DeviceKeys() : null;
        loadKeys();
    }

    /** How many devices' keys are held in memory, or -1 when none are. */
    int keysInMemory() {
        return keys == null ? -1 : keys.size();
    }

    private void loadKeys() {
        if (keys == null) {
            return;
        }
        tx.read("load the devices' MACs and GUIDs", c -> {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT mac, guid FROM pxe_device")) {
                while (r.next()) {
                    // Parsed as device() parses them.
                    keys.add(MacAddress.parse(r.getString(1)), DeviceRows.uuid(r.getString(2)));
                }
            }
            return null;
        });
    }


    @Override
    public Device add(DeviceDraft draft) {
        return writeDevices("add device '" + draft.name() + "'", c -> insert(c, draft, tx.now(), 0));
    }

    @Override
    public Device update(String nameOrId, DeviceChange change) {
        return writeDevices("change device '" + nameOrId + "'", c -> {
            Device current = DeviceRows.select(c, nameOrId, true).orElseThrow(() -> new UnknownDeviceException(nameOrId));
            return change.isEmpty() ? current : update(c, current, change.applyTo(current), 0);
        });
    }

    @Override
    public Device update(long id, DeviceChange change) {
        return update(Long.toString(id), change);
    }

    @Override
    public boolean remove(String nameOrId) {
        return tx.write("remove device '" + nameOrId + "'", c -> {
            Optional<Device> gone = DeviceRows.select(c, nameOrId, true);
            try (PreparedStatement p = c.prepareStatement("DELETE FROM pxe_device WHERE " + DeviceRows.keyOf(nameOrId))) {
                DeviceRows.bindKey(p, 1, nameOrId);
                if (p.executeUpdate() == 0) {
                    return false;
                }
            }
            if (gone.isPresent()) {
                audit.record(c, "device-remove", gone.get().name(), Optional.of(JdbcAudit.device(gone.get())),
                        Optional.empty());
            }
            return true;
        });
    }

    @Override
    public Optional<Device> find(String nameOrId) {
        return tx.read("find device '" + nameOrId + "'", c -> DeviceRows.select(c, nameOrId, false));
    }

    @Override
    public Optional<Device> find(long id) {
        return find(Long.toString(id));
    }

    @Override
    public List<Device> list() {
        return tx.read("list devices", c -> {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery(DeviceRows.SELECT_DEVICE + "ORDER BY name_key")) {
                List<Device> devices = new ArrayList<>();
                while (r.next()) {
                    DeviceRows.device(r).ifPresent(devices::add);
                }
                return devices;
            }
        });
    }

    @Override
    public Optional<Device> match(Optional<UUID> guid, MacAddress mac) {
        boolean askGuid = mayMatch(guid);
        boolean askMac = mayMatch(mac);
        if (!askGuid && !askMac) {
            return Optional.empty();
        }
        return tx.read("match a booting client", c -> {
            if (askGuid) {
                // A banned GUID is shared by many machines: it must not pick one of them.
                Optional<Device> byGuid = DeviceRows.selectOne(c, DeviceRows.SELECT_DEVICE + "d WHERE d.guid = ? AND NOT EXISTS "
                        + "(SELECT 1 FROM pxe_banned_guid b WHERE b.guid = d.guid)", guid.get().toString());
                if (byGuid.isPresent()) {
                    return byGuid;
                }
            }
            return askMac ? DeviceRows.selectOne(c, DeviceRows.SELECT_DEVICE + "WHERE mac = ?", DeviceRows.hex(mac)) : Optional.empty();
        });
    }

    @Override
    public boolean surelyMatchesNothing(Optional<UUID> guid, MacAddress mac) {
        return !mayMatch(guid) && !mayMatch(mac);
    }

    /** Whether a device may have this GUID: false only when the keys in memory say none has. */
    private boolean mayMatch(Optional<UUID> guid) {
        DeviceKeys known = keys;
        return guid.isPresent() && (known == null || known.mayHave(guid.get()));
    }

    /** Whether a device may have this MAC (devices have 6-byte MACs only). */
    private boolean mayMatch(MacAddress mac) {
        byte[] bytes = mac.bytes(); // a copy: taken once
        DeviceKeys known = keys;
        return bytes.length == 6 && (known == null || known.mayHaveMac(bytes));
    }

    @Override
    public void markSeen(long id, Instant when) {
        tx.bookkeeping("note that device " + id + " booted", c -> seen(c, Map.of(id, when)));
    }

    @Override
    public void markSeen(Map<Long, Instant> boots) {
        if (!boots.isEmpty()) {
            tx.bookkeeping("note that " + boots.size() + " devices booted", c -> seen(c, boots));
        }
    }

    private static Void seen(Connection c, Map<Long, Instant> boots) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE pxe_device SET last_seen_at = ? "
                + "WHERE id = ? AND (last_seen_at IS NULL OR last_seen_at < ?)")) {
            for (Map.Entry<Long, Instant> boot : boots.entrySet()) {
                long millis = boot.getValue().toEpochMilli();
                p.setLong(1, millis);
                p.setLong(2, boot.getKey());
                p.setLong(3, millis);
                p.executeUpdate();
            }
        }
        return null;
    }

    @Override
    public ImportResult importCsv(Reader csv) throws IOException {
        List<DeviceCsv.Row> rows = DeviceCsv.read(csv);
        return writeDevices("import devices", c -> {
            Instant now = tx.now();
            int added = 0;
            int updated = 0;
            int unchanged = 0;
            for (DeviceCsv.Row row : rows) {
                Optional<Device> existing = DeviceRows.select(c, row.draft().name(), true);
                if (existing.isEmpty()) {
                    insert(c, row.draft(), now, row.line());
                    added++;
                } else if (existing.get().draft().equals(row.draft())) {
                    unchanged++;
                } else {
                    update(c, existing.get(), row.draft(), row.line());
                    updated++;
                }
            }
            return new ImportResult(added, updated, unchanged);
        });
    }

    @Override
    public void exportCsv(Writer out) throws IOException {
        DeviceCsv.write(out, list());
    }


    private Device insert(Connection c, DeviceDraft d, Instant created, int line) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO pxe_device (name, name_key, mac, guid, "
                + "boot_program, referral_server, task_script, task_one_shot, device_group, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            int i = bindDraft(p, d);
            p.setLong(i, created.toEpochMilli());
            addKeys(d);
            executeDeviceWrite(p, d, line);
            try (ResultSet keys = p.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("the database returned no id for the new device");
                }
                Device added = new Device(keys.getLong("id"), d.name(), d.mac(), d.guid(), d.bootProgram(),
                        d.referralServer(), d.task(), d.group(), created, Optional.empty());
                audit.record(c, "device-add", added.name(), Optional.empty(), Optional.of(JdbcAudit.device(added)));
                return added;
            }
        }
    }

    private Device update(Connection c, Device current, DeviceDraft d, int line) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE pxe_device SET name = ?, name_key = ?, mac = ?, "
                + "guid = ?, boot_program = ?, referral_server = ?, task_script = ?, task_one_shot = ?, "
                + "device_group = ? WHERE id = ?")) {
            int i = bindDraft(p, d);
            p.setLong(i, current.id());
            addKeys(d);
            executeDeviceWrite(p, d, line);
        }
        Device changed = new Device(current.id(), d.name(), d.mac(), d.guid(), d.bootProgram(), d.referralServer(),
                d.task(), d.group(), current.created(), current.lastSeen());
        audit.record(c, "device-set", changed.name(), Optional.of(JdbcAudit.device(current)),
                Optional.of(JdbcAudit.device(changed)));
        return changed;
    }

    /** Before the write commits, so that a match after it has returned cannot miss the device. */
    private void addKeys(DeviceDraft d) {
        if (keys != null) {
            keys.add(d.mac(), d.guid());
        }
    }

    /** Binds the draft's nine columns from parameter 1; returns the next parameter's index. */
    private static int bindDraft(PreparedStatement p, DeviceDraft d) throws SQLException {
        p.setString(1, d.name());
        p.setString(2, d.name().toLowerCase(Locale.ROOT));
        p.setString(3, d.mac().map(DeviceRows::hex).orElse(null));
        p.setString(4, d.guid().map(UUID::toString).orElse(null));
        p.setString(5, d.bootProgram().orElse(null));
        p.setString(6, d.referralServer().orElse(null));
        p.setString(7, d.task().map(BootTask::script).orElse(null));
        if (d.task().isPresent()) {
            p.setBoolean(8, d.task().get().oneShot());
        } else {
            p.setNull(8, Types.BOOLEAN);
        }
        p.setString(9, d.group().orElse(null));
        return 10;
    }

    /** Runs an insert or update of a device, telling a taken name, MAC or GUID from other failures. */
    private static void executeDeviceWrite(PreparedStatement p, DeviceDraft d, int line) throws SQLException {
        try {
            p.executeUpdate();
        } catch (SQLException e) {
            Optional<DuplicateException.Field> field = SqlErrors.duplicateField(e);
            if (field.isPresent()) {
                throw new Conflict(field.get(), d, line, e);
            }
            throw e;
        }
    }


    private static final class Conflict extends RuntimeException {
        private static final long serialVersionUID = 1L;

        final DuplicateException.Field field;
        final transient DeviceDraft draft;
        final int line;

        Conflict(DuplicateException.Field field, DeviceDraft draft, int line, SQLException cause) {
            super(cause.getMessage(), cause, false, false);
            this.field = field;
            this.draft = draft;
            this.line = line;
        }
    }

    /**
     * Runs a device write, turning a conflict into the message naming the device that holds the
     * value. That device is looked up after the rollback: if it cannot be found (its transaction
     * had not committed yet, or it has let go of the value meanwhile) the write is tried again,
     * which then either succeeds or finds the holder.
     */
    private <T> T writeDevices(String action, Transactions.Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.write(action, work);
            } catch (Conflict conflict) {
                String value = switch (conflict.field) {
                    case NAME -> conflict.draft.name();
                    case MAC -> conflict.draft.mac().map(Object::toString).orElse("?");
                    case GUID -> conflict.draft.guid().map(Object::toString).orElse("?");
                };
                Optional<String> owner = tx.read(action, c -> holder(c, conflict.field, conflict.draft));
                if (owner.isPresent() || attempt == Transactions.ATTEMPTS) {
                    DuplicateException duplicate = new DuplicateException(conflict.field, value, owner);
                    throw conflict.line > 0 ? new ImportException(conflict.line, duplicate.getMessage(), duplicate)
                            : duplicate;
                }
                Transactions.pause(attempt);
            }
        }
    }

    private static Optional<String> holder(Connection c, DuplicateException.Field field, DeviceDraft d)
            throws SQLException {
        String column;
        Object value;
        switch (field) {
            case MAC -> {
                column = "mac";
                value = d.mac().map(DeviceRows::hex).orElse(null);
            }
            case GUID -> {
                column = "guid";
                value = d.guid().map(UUID::toString).orElse(null);
            }
            default -> {
                column = "name_key";
                value = d.name().toLowerCase(Locale.ROOT);
            }
        }
        try (PreparedStatement p = c.prepareStatement("SELECT name FROM pxe_device WHERE " + column + " = ?")) {
            p.setObject(1, value);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

}
