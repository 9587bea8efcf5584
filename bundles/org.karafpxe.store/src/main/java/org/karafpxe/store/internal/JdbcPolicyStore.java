package org.karafpxe.store.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.karafpxe.api.MacAddress;
import org.karafpxe.store.BannedGuid;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceChange;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.DuplicateGuid;
import org.karafpxe.store.DuplicateException;
import org.karafpxe.store.ImportException;
import org.karafpxe.store.ImportResult;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.Sighting;
import org.karafpxe.store.StorageException;
import org.karafpxe.store.StoreException;
import org.karafpxe.store.UnknownDeviceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy store over JDBC, for H2 2.x and PostgreSQL 12+ with the same SQL.
 *
 * <p>Each call takes a connection from the data source and returns it before the call returns; a
 * write runs in one transaction and is committed before the call returns. On an H2 file database a
 * committed write is also forced to disk ({@code CHECKPOINT SYNC}), as PostgreSQL does at commit.
 *
 * <p>Uniqueness of names, MACs and GUIDs is the database's to keep (unique constraints), so two
 * servers adding the same MAC at once cannot both succeed; the loser's constraint violation is
 * turned into the message a check beforehand would have given. Transactions that lose a lock
 * conflict with a concurrent one are run again, a few times, before the caller is told.
 *
 * <p>Stored forms: MAC as 12 lower-case hex digits, GUID as lower-case text, times as epoch
 * milliseconds (so values read back equal the values written, on both databases).
 *
 * <p>The embedded database is an H2 file database at
 * {@code jdbc:h2:file:${karaf.data}/pxe/store;WRITE_DELAY=0;DB_CLOSE_DELAY=-1}, opened as its admin
 * user. {@code WRITE_DELAY=0}: H2 otherwise writes a commit to its file up to 500 ms later, and a
 * kill of the JVM in that window loses it (H2 does not reapply a stored {@code SET WRITE_DELAY}
 * when it reopens the file, so the setting belongs in the URL). {@code DB_CLOSE_DELAY=-1}: keeps the database open between calls when the data
 * source does not pool connections, rather than reopening the file for each one.
 */
public final class JdbcPolicyStore implements PolicyStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcPolicyStore.class);

    /** Runs of a transaction that lost to a concurrent one, before giving up. */
    private static final int ATTEMPTS = 6;
    private static final Pattern ID = Pattern.compile("[0-9]{1,18}");

    private static final String COLUMNS = "id, name, mac, guid, boot_program, referral_server, task_script, "
            + "task_one_shot, device_group, created_at, last_seen_at";
    private static final String SELECT_DEVICE = "SELECT " + COLUMNS + " FROM pxe_device ";

    private final DataSource dataSource;
    private final Dialect dialect;
    private final Clock clock;
    private volatile boolean syncCommits;
    /** The devices' MACs and GUIDs in memory, when no one else writes the database; else null. */
    private final DeviceKeys keys;
    /** Rows kept in the sightings table at most, and how long an unseen row is kept. */
    static final int MAX_SIGHTINGS = 100_000;
    static final int SIGHTING_RETENTION_DAYS = 180;
    private volatile int maxSightings = MAX_SIGHTINGS;
    /** Signs each task's completion callback; the same in every server sharing the database. */
    private volatile TaskSecrets secrets;

    /** The room left on an embedded database's disk, checked before each write; none for PostgreSQL. */
    private final Optional<DiskRoom> room;

    private JdbcPolicyStore(DataSource dataSource, Dialect dialect, Clock clock, boolean syncCommits,
            boolean exclusive, Optional<DiskRoom> room) {
        this.room = room;
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.clock = clock;
        this.syncCommits = syncCommits;
        this.keys = exclusive ? new DeviceKeys() : null;
    }

    /** Opens the store on the data source, bringing its schema up to date. */
    public static JdbcPolicyStore open(DataSource dataSource) {
        return open(dataSource, Clock.systemUTC());
    }

    /**
     * Opens the store on the data source, bringing its schema up to date.
     *
     * @param clock the time of creation and ban stamps
     * @throws StorageException when the database is unreachable, not H2 or PostgreSQL, or its
     *                          schema cannot be brought up to date
     */
    public static JdbcPolicyStore open(DataSource dataSource, Clock clock) {
        Dialect dialect;
        String product;
        String url;
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            dialect = Dialect.of(meta.getDatabaseProductName());
            product = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
            url = String.valueOf(meta.getURL());
        } catch (SQLException e) {
            throw SqlErrors.storageFailure("open the policy store", e);
        }
        if (dialect == Dialect.UNKNOWN) {
            throw new StorageException("the policy store runs on H2 2.x (embedded) or PostgreSQL 12 or later, "
                    + "but the pxe data source is " + product + "; point etc/org.ops4j.datasource-pxe.cfg "
                    + "at one of those", null);
        }
        int applied = Migrations.standard(clock).migrate(dataSource, dialect);
        // An in-memory H2 has no disk to force; every other H2 (file, or server) has.
        JdbcPolicyStore store = new JdbcPolicyStore(dataSource, dialect, clock,
                dialect == Dialect.H2 && !url.startsWith("jdbc:h2:mem:"), dialect == Dialect.H2 && exclusive(url),
                dialect == Dialect.H2 ? DiskRoom.forH2(url) : Optional.empty());
        store.checkDurability();
        store.loadKeys();
        store.loadSecrets();
        LOG.info("Policy store on {} ({}): schema version {}{}{}", product, withoutParameters(url),
                Migrations.standard(clock).latestVersion(), applied > 0 ? ", " + applied + " migration(s) applied" : "",
                store.keys == null ? "" : "; devices' MACs and GUIDs held in memory for matching ("
                        + store.keys.size() + ")");
        return store;
    }

    /**
     * Whether this server is the only writer of the H2 database at {@code url}: an embedded file
     * (H2 locks it for one process), not a server reached over TCP, not shared through
     * AUTO_SERVER, and not an in-memory database other code in this JVM may write.
     */
    static boolean exclusive(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        return u.startsWith("jdbc:h2:") && !u.startsWith("jdbc:h2:mem:") && !u.startsWith("jdbc:h2:tcp:")
                && !u.startsWith("jdbc:h2:ssl:") && !u.replace(" ", "").contains("auto_server=true");
    }

    private void loadKeys() {
        if (keys == null) {
            return;
        }
        read("load the devices' MACs and GUIDs", c -> {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT mac, guid FROM pxe_device")) {
                while (r.next()) {
                    // Parsed as device() parses them.
                    keys.add(MacAddress.parse(r.getString(1)), uuid(r.getString(2)));
                }
            }
            return null;
        });
    }

    /** The task callback key, made by the first server to open the database and shared from then on. */
    private void loadSecrets() {
        secrets = write("load the task callback key", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT secret FROM pxe_secret WHERE name = ?")) {
                p.setString(1, TaskSecrets.NAME);
                try (ResultSet r = p.executeQuery()) {
                    if (r.next()) {
                        return TaskSecrets.of(r.getString(1));
                    }
                }
            }
            TaskSecrets made = TaskSecrets.generate();
            // Another server inserting at the same moment fails this one on the key; write() tries again.
            try (PreparedStatement p = c.prepareStatement("INSERT INTO pxe_secret (name, secret) VALUES (?, ?)")) {
                p.setString(1, TaskSecrets.NAME);
                p.setString(2, made.encoded());
                p.executeUpdate();
            }
            return made;
        });
    }

    Dialect dialect() {
        return dialect;
    }

    /** The URL up to its parameters, which can hold a password (H2 ";PASSWORD=", pgjdbc "?password="). */
    static String withoutParameters(String url) {
        int end = url.length();
        for (char c : new char[] {'?', ';'}) {
            int i = url.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return url.substring(0, end);
    }

    // ---------------------------------------------------------------- devices

    @Override
    public Device add(DeviceDraft draft) {
        return writeDevices("add device '" + draft.name() + "'", c -> insert(c, draft, now(), 0));
    }

    @Override
    public Device update(String nameOrId, DeviceChange change) {
        return writeDevices("change device '" + nameOrId + "'", c -> {
            Device current = select(c, nameOrId, true).orElseThrow(() -> new UnknownDeviceException(nameOrId));
            return change.isEmpty() ? current : update(c, current, change.applyTo(current), 0);
        });
    }

    @Override
    public Device update(long id, DeviceChange change) {
        return update(Long.toString(id), change);
    }

    @Override
    public boolean remove(String nameOrId) {
        return write("remove device '" + nameOrId + "'", c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM pxe_device WHERE " + keyOf(nameOrId))) {
                bindKey(p, 1, nameOrId);
                return p.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Optional<Device> find(String nameOrId) {
        return read("find device '" + nameOrId + "'", c -> select(c, nameOrId, false));
    }

    @Override
    public Optional<Device> find(long id) {
        return find(Long.toString(id));
    }

    @Override
    public List<Device> list() {
        return read("list devices", c -> {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery(SELECT_DEVICE + "ORDER BY name_key")) {
                List<Device> devices = new ArrayList<>();
                while (r.next()) {
                    device(r).ifPresent(devices::add);
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
        return read("match a booting client", c -> {
            if (askGuid) {
                // A banned GUID is shared by many machines: it must not pick one of them.
                Optional<Device> byGuid = selectOne(c, SELECT_DEVICE + "d WHERE d.guid = ? AND NOT EXISTS "
                        + "(SELECT 1 FROM pxe_banned_guid b WHERE b.guid = d.guid)", guid.get().toString());
                if (byGuid.isPresent()) {
                    return byGuid;
                }
            }
            return askMac ? selectOne(c, SELECT_DEVICE + "WHERE mac = ?", hex(mac)) : Optional.empty();
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
        bookkeeping("note that device " + id + " booted", c -> seen(c, Map.of(id, when)));
    }

    @Override
    public void markSeen(Map<Long, Instant> boots) {
        if (!boots.isEmpty()) {
            bookkeeping("note that " + boots.size() + " devices booted", c -> seen(c, boots));
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
    public Optional<BootTask> consumeOneShotTask(long deviceId) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Optional<Optional<BootTask>> outcome = write("take the boot task of device " + deviceId, c -> {
                Optional<BootTask> task = taskOf(c, deviceId);
                if (task.isEmpty() || !task.get().oneShot()) {
                    return Optional.of(task);
                }
                /*
                 * Clear the task only if it is still the one read. A server that read it at the
                 * same moment waits here on the row until the first commits, then finds the
                 * condition false and takes nothing; so exactly one server runs a one-shot task.
                 */
                try (PreparedStatement p = c.prepareStatement("UPDATE pxe_device SET task_script = NULL, "
                        + "task_one_shot = NULL WHERE id = ? AND task_one_shot = TRUE AND task_script = ?")) {
                    p.setLong(1, deviceId);
                    p.setString(2, task.get().script());
                    if (p.executeUpdate() == 1) {
                        return Optional.of(task);
                    }
                }
                // Taken by another server, or replaced by an operator meanwhile: read again.
                return Optional.<Optional<BootTask>>empty();
            });
            if (outcome.isPresent()) {
                return outcome.get();
            }
        }
        return Optional.empty();
    }

    @Override
    public String taskSecret(long deviceId, BootTask task) {
        return secrets.secret(deviceId, task);
    }

    @Override
    public boolean completeTask(long deviceId, String secret) {
        return write("complete the boot task of device " + deviceId, c -> {
            Optional<BootTask> task = taskOf(c, deviceId);
            if (task.isEmpty() || !secrets.matches(deviceId, task.get(), secret)) {
                return false;
            }
            // Only the task the secret was made for: one set since keeps running.
            try (PreparedStatement p = c.prepareStatement("UPDATE pxe_device SET task_script = NULL, "
                    + "task_one_shot = NULL WHERE id = ? AND task_script = ? AND task_one_shot = ?")) {
                p.setLong(1, deviceId);
                p.setString(2, task.get().script());
                p.setBoolean(3, task.get().oneShot());
                return p.executeUpdate() == 1;
            }
        });
    }

    /** The device's task as the database holds it now; empty for no task or no device. */
    private static Optional<BootTask> taskOf(Connection c, long deviceId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT name, task_script, task_one_shot FROM pxe_device WHERE id = ?")) {
            p.setLong(1, deviceId);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? task(r.getString(1), r.getString(2), r.getBoolean(3)) : Optional.empty();
            }
        }
    }

    @Override
    public void setTask(String nameOrId, Optional<BootTask> task) {
        write("set the boot task of device '" + nameOrId + "'", c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE pxe_device SET task_script = ?, task_one_shot = ? "
                    + "WHERE " + keyOf(nameOrId))) {
                p.setString(1, task.map(BootTask::script).orElse(null));
                if (task.isPresent()) {
                    p.setBoolean(2, task.get().oneShot());
                } else {
                    p.setNull(2, Types.BOOLEAN);
                }
                bindKey(p, 3, nameOrId);
                if (p.executeUpdate() == 0) {
                    throw new UnknownDeviceException(nameOrId);
                }
                return null;
            }
        });
    }

    // ---------------------------------------------------------------- GUIDs

    @Override
    public void banGuid(UUID guid, String reason) {
        BannedGuid ban = new BannedGuid(guid, reason, now());
        write("ban GUID " + guid, c -> {
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
        return write("lift the ban of GUID " + guid, c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM pxe_banned_guid WHERE guid = ?")) {
                p.setString(1, guid.toString());
                return p.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<BannedGuid> bannedGuids() {
        return read("list banned GUIDs", c -> {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT guid, reason, banned_at FROM pxe_banned_guid ORDER BY guid")) {
                List<BannedGuid> bans = new ArrayList<>();
                while (r.next()) {
                    Optional<UUID> guid = uuid(r.getString(1));
                    if (guid.isPresent()) {
                        bans.add(new BannedGuid(guid.get(), readableReason(r.getString(2)),
                                Instant.ofEpochMilli(r.getLong(3))));
                    }
                }
                return bans;
            }
        });
    }

    @Override
    public boolean isBanned(UUID guid) {
        return read("check GUID " + guid, c -> {
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
        bookkeeping("note GUID " + guid + " from MAC " + mac, c -> sightings(c, List.of(new Sighting(guid, mac, when))));
    }

    @Override
    public void recordSightings(List<Sighting> sightings) {
        if (!sightings.isEmpty()) {
            bookkeeping("note " + sightings.size() + " GUID sightings", c -> sightings(c, sightings));
        }
    }

    /**
     * Keeps the sightings table bounded whatever clients send: rows not seen for
     * {@value #SIGHTING_RETENTION_DAYS} days go, and beyond {@code maxSightings} rows the least
     * recently seen go first. Runs after each batch that added rows.
     */
    private void pruneSightings(Connection c) throws SQLException {
        try (PreparedStatement old = c.prepareStatement("DELETE FROM pxe_guid_sighting WHERE last_seen < ?")) {
            old.setLong(1, now().minus(Duration.ofDays(SIGHTING_RETENTION_DAYS)).toEpochMilli());
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
                update.setString(6, hex(sighting.mac()));
                if (update.executeUpdate() == 1) {
                    continue;
                }
                // As for bans: a concurrent first sighting of the pair makes write() run this again.
                insert.setString(1, sighting.guid().toString());
                insert.setString(2, hex(sighting.mac()));
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
        return read("list duplicate GUIDs", c -> {
            String sql = "SELECT s.guid, s.mac, s.last_seen, "
                    + "(SELECT COUNT(*) FROM pxe_banned_guid b WHERE b.guid = s.guid) AS bans "
                    + "FROM pxe_guid_sighting s WHERE s.guid IN "
                    + "(SELECT guid FROM pxe_guid_sighting GROUP BY guid HAVING COUNT(*) > 1) "
                    + "ORDER BY s.guid, s.mac";
            Map<UUID, DuplicateGuid> byGuid = new LinkedHashMap<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
                while (r.next()) {
                    Optional<UUID> guid = uuid(r.getString(1));
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

    // ---------------------------------------------------------------- CSV

    @Override
    public ImportResult importCsv(Reader csv) throws IOException {
        List<DeviceCsv.Row> rows = DeviceCsv.read(csv);
        return writeDevices("import devices", c -> {
            Instant now = now();
            int added = 0;
            int updated = 0;
            int unchanged = 0;
            for (DeviceCsv.Row row : rows) {
                Optional<Device> existing = select(c, row.draft().name(), true);
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

    // ---------------------------------------------------------------- device rows

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
                return new Device(keys.getLong("id"), d.name(), d.mac(), d.guid(), d.bootProgram(),
                        d.referralServer(), d.task(), d.group(), created, Optional.empty());
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
        return new Device(current.id(), d.name(), d.mac(), d.guid(), d.bootProgram(), d.referralServer(),
                d.task(), d.group(), current.created(), current.lastSeen());
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
        p.setString(3, d.mac().map(JdbcPolicyStore::hex).orElse(null));
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

    private Optional<Device> select(Connection c, String nameOrId, boolean forUpdate) throws SQLException {
        return selectOne(c, SELECT_DEVICE + "WHERE " + keyOf(nameOrId) + (forUpdate ? " FOR UPDATE" : ""),
                key(nameOrId));
    }

    private Optional<Device> selectOne(Connection c, String sql, Object key) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setObject(1, key);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? device(r) : Optional.empty();
            }
        }
    }

    /** Names are never all digits, so digits are an id and anything else a name. */
    private static String keyOf(String nameOrId) {
        return ID.matcher(nameOrId.strip()).matches() ? "id = ?" : "name_key = ?";
    }

    private static Object key(String nameOrId) {
        String t = nameOrId.strip();
        return ID.matcher(t).matches() ? (Object) Long.valueOf(t) : t.toLowerCase(Locale.ROOT);
    }

    private static void bindKey(PreparedStatement p, int index, String nameOrId) throws SQLException {
        p.setObject(index, key(nameOrId));
    }

    /**
     * A row as a device. Rows are written only by this class, but an operator may have edited the
     * database by hand: a value that does not read back is logged and left out, rather than making
     * the device (or the whole list) unreadable.
     */
    private static Optional<Device> device(ResultSet r) throws SQLException {
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

    private static Optional<BootTask> task(String device, String script, boolean oneShot) {
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

    private static Optional<UUID> uuid(String text) {
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

    private static String readableReason(String reason) {
        return reason == null || reason.isBlank() ? "(no reason given)" : reason.strip();
    }

    static String hex(MacAddress mac) {
        return HexFormat.of().formatHex(mac.bytes());
    }

    private Instant now() {
        // Stored as milliseconds: round here so the returned device equals the one read back.
        return Instant.ofEpochMilli(clock.millis());
    }

    // ---------------------------------------------------------------- transactions

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** A device write refused for a name, MAC or GUID that another device has. */
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
    private <T> T writeDevices(String action, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write(action, work);
            } catch (Conflict conflict) {
                String value = switch (conflict.field) {
                    case NAME -> conflict.draft.name();
                    case MAC -> conflict.draft.mac().map(Object::toString).orElse("?");
                    case GUID -> conflict.draft.guid().map(Object::toString).orElse("?");
                };
                Optional<String> owner = read(action, c -> holder(c, conflict.field, conflict.draft));
                if (owner.isPresent() || attempt == ATTEMPTS) {
                    DuplicateException duplicate = new DuplicateException(conflict.field, value, owner);
                    throw conflict.line > 0 ? new ImportException(conflict.line, duplicate.getMessage(), duplicate)
                            : duplicate;
                }
                pause(attempt);
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
                value = d.mac().map(JdbcPolicyStore::hex).orElse(null);
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

    private <T> T read(String action, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw SqlErrors.storageFailure(action, e);
        }
    }

    /**
     * Runs work in one transaction and commits it (and, on H2, forces it to disk) before returning.
     * Runs it again when it lost a lock conflict with a concurrent transaction, or a race to insert
     * the same ban or sighting; a taken name, MAC or GUID comes out as a {@link Conflict}.
     */
    private <T> T write(String action, Work<T> work) {
        return write(action, work, syncCommits);
    }

    /**
     * A write the server makes for itself on every boot ("last seen", GUID sightings): committed,
     * but on H2 not forced to disk at once, since a sync per booting machine would make a boot storm
     * wait for the disk. A crash can lose the last seconds of it, never an operator's change.
     */
    private <T> T bookkeeping(String action, Work<T> work) {
        return write(action, work, false);
    }

    private <T> T write(String action, Work<T> work, boolean sync) {
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
    private static void pause(int attempt) {
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

    private void checkDurability() {
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
