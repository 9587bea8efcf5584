package org.karafpxe.store.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.karafpxe.api.MacAddress;
import org.karafpxe.store.AuditEntry;
import org.karafpxe.store.AuditTrail;
import org.karafpxe.store.BannedGuid;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceChange;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.DuplicateGuid;
import org.karafpxe.store.ImportResult;
import org.karafpxe.store.PendingDevice;
import org.karafpxe.store.PendingDevices;
import org.karafpxe.store.PendingSighting;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.Sighting;
import org.karafpxe.store.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy store over JDBC, for H2 2.x and PostgreSQL 12+ with the same SQL.
 *
 * <p>The store in parts, each a class of its own: {@link JdbcDevices} (devices and their CSV),
 * {@link JdbcTasks} (boot tasks), {@link JdbcGuids} (banned GUIDs and sightings), on one
 * {@link Transactions} that holds the connection, transaction, retry and durability logic.
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
public final class JdbcPolicyStore implements PolicyStore, PendingDevices, AuditTrail {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcPolicyStore.class);

    private final Transactions tx;
    private final JdbcDevices devices;
    private final JdbcTasks tasks;
    private final JdbcGuids guids;
    private final JdbcPending pending;
    private final JdbcAudit audit;

    private JdbcPolicyStore(Transactions tx, JdbcAudit audit, JdbcDevices devices, JdbcTasks tasks, JdbcGuids guids) {
        this.tx = tx;
        this.audit = audit;
        this.devices = devices;
        this.tasks = tasks;
        this.guids = guids;
        this.pending = new JdbcPending(tx, audit);
    }

    /** Opens the store on the data source, bringing its schema up to date. */
    public static JdbcPolicyStore open(DataSource dataSource) {
        return open(dataSource, Clock.systemUTC());
    }

    /** Opens the store, its database calls timed into {@code clocks}. */
    static JdbcPolicyStore open(DataSource dataSource, OperationClocks clocks) {
        return open(dataSource, Clock.systemUTC(), clocks);
    }

    /**
     * Opens the store on the data source, bringing its schema up to date.
     *
     * @param clock the time of creation and ban stamps
     * @throws StorageException when the database is unreachable, not H2 or PostgreSQL, or its
     *                          schema cannot be brought up to date
     */
    public static JdbcPolicyStore open(DataSource dataSource, Clock clock) {
        return open(dataSource, clock, new OperationClocks());
    }

    private static JdbcPolicyStore open(DataSource dataSource, Clock clock, OperationClocks clocks) {
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
        Transactions tx = new Transactions(dataSource, dialect, clock,
                dialect == Dialect.H2 && !url.startsWith("jdbc:h2:mem:"),
                dialect == Dialect.H2 ? DiskRoom.forH2(url) : Optional.empty(), clocks);
        tx.checkDurability();
        JdbcAudit audit = new JdbcAudit(tx);
        JdbcPolicyStore store = new JdbcPolicyStore(tx, audit, new JdbcDevices(tx, audit,
                dialect == Dialect.H2 && exclusive(url)), new JdbcTasks(tx, audit), new JdbcGuids(tx, audit));
        int inMemory = store.devices.keysInMemory();
        LOG.info("Policy store on {} ({}): schema version {}{}{}", product, withoutParameters(url),
                Migrations.standard(clock).latestVersion(), applied > 0 ? ", " + applied + " migration(s) applied" : "",
                inMemory < 0 ? "" : "; devices' MACs and GUIDs held in memory for matching (" + inMemory + ")");
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


    Dialect dialect() {
        return tx.dialect();
    }

    /** For tests: fewer sightings rows than the default, to see the cap work. */
    void maxSightings(int rows) {
        guids.maxSightings(rows);
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

    @Override
    public Device add(DeviceDraft draft) {
        return devices.add(draft);
    }

    @Override
    public Device update(String nameOrId, DeviceChange change) {
        return devices.update(nameOrId, change);
    }

    @Override
    public Device update(long id, DeviceChange change) {
        return devices.update(id, change);
    }

    @Override
    public boolean remove(String nameOrId) {
        return devices.remove(nameOrId);
    }

    @Override
    public Optional<Device> find(String nameOrId) {
        return devices.find(nameOrId);
    }

    @Override
    public Optional<Device> find(long id) {
        return devices.find(id);
    }

    @Override
    public List<Device> list() {
        return devices.list();
    }

    @Override
    public Optional<Device> match(Optional<UUID> guid, MacAddress mac) {
        return devices.match(guid, mac);
    }

    @Override
    public boolean surelyMatchesNothing(Optional<UUID> guid, MacAddress mac) {
        return devices.surelyMatchesNothing(guid, mac);
    }

    @Override
    public void markSeen(long id, Instant when) {
        devices.markSeen(id, when);
    }

    @Override
    public void markSeen(Map<Long, Instant> boots) {
        devices.markSeen(boots);
    }

    @Override
    public ImportResult importCsv(Reader csv) throws IOException {
        return devices.importCsv(csv);
    }

    @Override
    public void exportCsv(Writer out) throws IOException {
        devices.exportCsv(out);
    }

    @Override
    public Optional<BootTask> consumeOneShotTask(long deviceId) {
        return tasks.consumeOneShotTask(deviceId);
    }

    @Override
    public void setTask(String nameOrId, Optional<BootTask> task) {
        tasks.setTask(nameOrId, task);
    }

    @Override
    public String taskSecret(long deviceId, BootTask task) {
        return tasks.taskSecret(deviceId, task);
    }

    @Override
    public boolean completeTask(long deviceId, String secret) {
        return tasks.completeTask(deviceId, secret);
    }

    @Override
    public void banGuid(UUID guid, String reason) {
        guids.banGuid(guid, reason);
    }

    @Override
    public boolean unbanGuid(UUID guid) {
        return guids.unbanGuid(guid);
    }

    @Override
    public List<BannedGuid> bannedGuids() {
        return guids.bannedGuids();
    }

    @Override
    public boolean isBanned(UUID guid) {
        return guids.isBanned(guid);
    }

    @Override
    public void recordSighting(UUID guid, MacAddress mac, Instant when) {
        guids.recordSighting(guid, mac, when);
    }

    @Override
    public void recordSightings(List<Sighting> sightings) {
        guids.recordSightings(sightings);
    }

    @Override
    public List<DuplicateGuid> duplicateGuids() {
        return guids.duplicateGuids();
    }

    @Override
    public PendingDevice sighted(PendingSighting sighting, int max) {
        return pending.sighted(sighting, max);
    }

    @Override
    public Optional<PendingDevice> byToken(String token) {
        return pending.byToken(token);
    }

    @Override
    public Optional<PendingDevice> findPending(String idOrMac) {
        return pending.findPending(idOrMac);
    }

    @Override
    public List<PendingDevice> listPending() {
        return pending.listPending();
    }

    @Override
    public boolean setState(long id, PendingDevice.State state) {
        return pending.setState(id, state);
    }

    @Override
    public boolean deletePending(long id) {
        return pending.deletePending(id);
    }

    @Override
    public int clearPending(List<PendingDevice.State> states, Instant before) {
        return pending.clearPending(states, before);
    }

    @Override
    public long evicted() {
        return pending.evicted();
    }

    @Override
    public void recordChange(String actor, String action, String subject, Optional<String> before,
            Optional<String> after) {
        audit.recordChange(actor, action, subject, before, after);
    }

    @Override
    public List<AuditEntry> auditEntries(Optional<String> subject, Optional<Instant> since, int limit) {
        return audit.auditEntries(subject, since, limit);
    }

    /** How long the audit trail keeps a change, and how many it keeps at most. */
    public void auditBounds(java.time.Duration retention, int max) {
        audit.bounds(retention, max);
    }
}
