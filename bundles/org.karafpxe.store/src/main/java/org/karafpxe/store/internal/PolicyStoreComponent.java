package org.karafpxe.store.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import org.karafpxe.api.MacAddress;
import org.karafpxe.store.AuditEntry;
import org.karafpxe.store.AuditTrail;
import org.karafpxe.store.BannedGuid;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.BootTasks;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceChange;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.DeviceLookup;
import org.karafpxe.store.DeviceRegistry;
import org.karafpxe.store.DuplicateGuid;
import org.karafpxe.store.FieldChange;
import org.karafpxe.store.GuidRegistry;
import org.karafpxe.store.ImportException;
import org.karafpxe.store.ImportResult;
import org.karafpxe.store.InvalidValueException;
import org.karafpxe.store.PendingDevice;
import org.karafpxe.store.PendingDevices;
import org.karafpxe.store.PendingSighting;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.StoreOperations;
import org.karafpxe.store.StoreStatistics;
import org.karafpxe.store.ReferralServers;
import org.karafpxe.store.Sighting;
import org.karafpxe.support.CheckedConfig;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy store as an OSGi service, on the data source named {@code pxe} that pax-jdbc-config
 * publishes from {@code etc/org.ops4j.datasource-pxe.cfg}. The schema is brought up to date when
 * the store opens. A database that cannot be reached at start, or stops answering later, is
 * handled by a {@link StoreGuard}: the store opens in the background once the database is there,
 * calls fail at once while it is away, and the log says what to check. Another data source can be
 * chosen with {@code dataSource.target} in {@code etc/org.karafpxe.store.cfg}. Registered under
 * each part of the store's interface, so that each user depends on the part it needs.
 */
@Component(service = {PolicyStore.class, DeviceLookup.class, DeviceRegistry.class, BootTasks.class,
    GuidRegistry.class, PendingDevices.class, AuditTrail.class, StoreStatistics.class}, configurationPid = "org.karafpxe.store",
    immediate = true)
@Designate(ocd = StoreConfig.class)
public final class PolicyStoreComponent implements PolicyStore, PendingDevices, AuditTrail, StoreStatistics {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyStoreComponent.class);

    @Reference(target = "(dataSourceName=pxe)")
    private DataSource dataSource;

    /** Referral servers are checked when a device is written, so one that cannot be used is refused then. */
    @Reference
    private ReferralServers referrals;

    private ScheduledExecutorService background;
    private StoreGuard guard;

    private volatile Duration auditRetention = Duration.ofDays(365);
    private volatile int auditMax = 100_000;
    /** The database calls' times, across the store's reopenings. */
    private final OperationClocks clocks = new OperationClocks();

    /** The raw properties only name a refused value; see {@link CheckedConfig}. */
    @Activate
    void activate(StoreConfig config, Map<String, Object> properties) {
        modified(config, properties);
        background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pxe-store-open");
            t.setDaemon(true);
            return t;
        });
        guard = new StoreGuard(() -> {
            JdbcPolicyStore opened = JdbcPolicyStore.open(dataSource, clocks);
            opened.auditBounds(auditRetention, auditMax);
            return opened;
        }, background, System::currentTimeMillis);
        guard.open();
    }

    @Modified
    void modified(StoreConfig config, Map<String, Object> properties) {
        CheckedConfig<StoreConfig> checked = CheckedConfig.of(StoreConfig.class, config, properties);
        auditRetention = Duration.ofDays(checked.config().audit_retention_days());
        auditMax = checked.config().audit_max();
        checked.problems().forEach(p -> LOG.error("etc/org.karafpxe.store.cfg: {}", p));
        if (guard != null && guard.current() instanceof JdbcPolicyStore open) {
            open.auditBounds(auditRetention, auditMax);
        }
    }

    @Deactivate
    void deactivate() {
        guard.stop();
        background.shutdown();
    }

    @Override
    public List<StoreOperations> operations() {
        return clocks.snapshot();
    }

    /** Whether the store is open, for tests. */
    boolean isOpen() {
        return guard.current() != null;
    }

    @Override
    public Device add(DeviceDraft draft) {
        draft.referralServer().ifPresent(referrals::check);
        return guard.get(s -> s.add(draft));
    }

    @Override
    public Device update(String nameOrId, DeviceChange change) {
        checkReferral(change);
        return guard.get(s -> s.update(nameOrId, change));
    }

    @Override
    public Device update(long id, DeviceChange change) {
        checkReferral(change);
        return guard.get(s -> s.update(id, change));
    }

    private void checkReferral(DeviceChange change) {
        if (change.referralServer() instanceof FieldChange.SetTo<String> set) {
            referrals.check(set.value());
        }
    }

    @Override
    public boolean remove(String nameOrId) {
        return guard.get(s -> s.remove(nameOrId));
    }

    @Override
    public Optional<Device> find(String nameOrId) {
        return guard.get(s -> s.find(nameOrId));
    }

    @Override
    public Optional<Device> find(long id) {
        return guard.get(s -> s.find(id));
    }

    @Override
    public List<Device> list() {
        return guard.get(s -> s.list());
    }

    @Override
    public Optional<Device> match(Optional<UUID> guid, MacAddress mac) {
        return guard.get(s -> s.match(guid, mac));
    }

    @Override
    public boolean surelyMatchesNothing(Optional<UUID> guid, MacAddress mac) {
        // Answered from memory: never waits, never fails; with no open store nothing is sure.
        PolicyStore s = guard.current();
        return s != null && s.surelyMatchesNothing(guid, mac);
    }

    @Override
    public void markSeen(long id, Instant when) {
        guard.get(s -> {
            s.markSeen(id, when);
            return null;
        });
    }

    @Override
    public void markSeen(Map<Long, Instant> boots) {
        guard.get(s -> {
            s.markSeen(boots);
            return null;
        });
    }

    @Override
    public Optional<BootTask> consumeOneShotTask(long deviceId) {
        return guard.get(s -> s.consumeOneShotTask(deviceId));
    }

    @Override
    public void setTask(String nameOrId, Optional<BootTask> task) {
        guard.get(s -> {
            s.setTask(nameOrId, task);
            return null;
        });
    }

    @Override
    public String taskSecret(long deviceId, BootTask task) {
        return guard.get(s -> s.taskSecret(deviceId, task));
    }

    @Override
    public boolean completeTask(long deviceId, String secret) {
        return guard.get(s -> s.completeTask(deviceId, secret));
    }

    @Override
    public void banGuid(UUID guid, String reason) {
        guard.get(s -> {
            s.banGuid(guid, reason);
            return null;
        });
    }

    @Override
    public boolean unbanGuid(UUID guid) {
        return guard.get(s -> s.unbanGuid(guid));
    }

    @Override
    public List<BannedGuid> bannedGuids() {
        return guard.get(s -> s.bannedGuids());
    }

    @Override
    public boolean isBanned(UUID guid) {
        return guard.get(s -> s.isBanned(guid));
    }

    @Override
    public void recordSighting(UUID guid, MacAddress mac, Instant when) {
        guard.get(s -> {
            s.recordSighting(guid, mac, when);
            return null;
        });
    }

    @Override
    public void recordSightings(List<Sighting> sightings) {
        guard.get(s -> {
            s.recordSightings(sightings);
            return null;
        });
    }

    @Override
    public List<DuplicateGuid> duplicateGuids() {
        return guard.get(s -> s.duplicateGuids());
    }

    @Override
    public ImportResult importCsv(Reader csv) throws IOException {
        // Read twice: once here for the referral servers (each distinct one checked once), then by the store.
        StringWriter copy = new StringWriter();
        csv.transferTo(copy);
        String text = copy.toString();
        Set<String> checked = new HashSet<>();
        for (DeviceCsv.Row row : DeviceCsv.read(new StringReader(text))) {
            Optional<String> server = row.draft().referralServer();
            if (server.isPresent() && checked.add(server.get())) {
                try {
                    referrals.check(server.get());
                } catch (InvalidValueException e) {
                    throw new ImportException(row.line(), e.getMessage(), e);
                }
            }
        }
        return guard.call(s -> s.importCsv(new StringReader(text)));
    }

    @Override
    public void exportCsv(Writer out) throws IOException {
        guard.call(s -> {
            s.exportCsv(out);
            return null;
        });
    }

    /** The open store, as the guard opens it: with its pending queue and audit trail. */
    private static JdbcPolicyStore jdbc(PolicyStore store) {
        return (JdbcPolicyStore) store;
    }

    @Override
    public PendingDevice sighted(PendingSighting sighting, int max) {
        return guard.get(s -> jdbc(s).sighted(sighting, max));
    }

    @Override
    public Optional<PendingDevice> byToken(String token) {
        return guard.get(s -> jdbc(s).byToken(token));
    }

    @Override
    public Optional<PendingDevice> findPending(String idOrMac) {
        return guard.get(s -> jdbc(s).findPending(idOrMac));
    }

    @Override
    public List<PendingDevice> listPending() {
        return guard.get(s -> jdbc(s).listPending());
    }

    @Override
    public boolean setState(long id, PendingDevice.State state) {
        return guard.get(s -> jdbc(s).setState(id, state));
    }

    @Override
    public boolean deletePending(long id) {
        return guard.get(s -> jdbc(s).deletePending(id));
    }

    @Override
    public int clearPending(List<PendingDevice.State> states, Instant before) {
        return guard.get(s -> jdbc(s).clearPending(states, before));
    }

    @Override
    public long evicted() {
        PolicyStore s = guard.current();
        return s == null ? 0 : jdbc(s).evicted();
    }

    @Override
    public void recordChange(String actor, String action, String subject, Optional<String> before,
            Optional<String> after) {
        guard.get(s -> {
            jdbc(s).recordChange(actor, action, subject, before, after);
            return null;
        });
    }

    @Override
    public List<AuditEntry> auditEntries(Optional<String> subject, Optional<Instant> since, int limit) {
        return guard.get(s -> jdbc(s).auditEntries(subject, since, limit));
    }
}
