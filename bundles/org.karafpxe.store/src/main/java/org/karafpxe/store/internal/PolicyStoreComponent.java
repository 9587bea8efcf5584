package org.karafpxe.store.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.karafpxe.api.MacAddress;
import org.karafpxe.store.BannedGuid;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceChange;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.DuplicateGuid;
import org.karafpxe.store.FieldChange;
import org.karafpxe.store.ImportException;
import org.karafpxe.store.ImportResult;
import org.karafpxe.store.InvalidValueException;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.ReferralServers;
import org.karafpxe.store.Sighting;
import org.karafpxe.store.StoreException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy store as an OSGi service, on the data source named {@code pxe} that pax-jdbc-config
 * publishes from {@code etc/org.ops4j.datasource-pxe.cfg}. The schema is brought up to date on
 * activation; if the database cannot be reached the component does not activate (so no service is
 * offered that would fail on every call) and the log says what to check. Another data source can
 * be chosen with {@code dataSource.target} in {@code etc/org.karafpxe.store.cfg}.
 */
@Component(service = PolicyStore.class, configurationPid = "org.karafpxe.store", immediate = true)
public final class PolicyStoreComponent implements PolicyStore {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyStoreComponent.class);

    @Reference(target = "(dataSourceName=pxe)")
    private DataSource dataSource;

    /** Referral servers are checked when a device is written, so one that cannot be used is refused then. */
    @Reference
    private ReferralServers referrals;

    private volatile PolicyStore store;

    @Activate
    void activate() {
        try {
            store = JdbcPolicyStore.open(dataSource);
        } catch (StoreException e) {
            LOG.error("The policy store cannot start: {}. Check url, user and password in "
                    + "etc/org.ops4j.datasource-pxe.cfg, that the database is running and reachable from this "
                    + "host, and (for H2) that no other process has the database file open", e.getMessage());
            throw e;
        }
    }

    @Override
    public Device add(DeviceDraft draft) {
        draft.referralServer().ifPresent(referrals::check);
        return store.add(draft);
    }

    @Override
    public Device update(String nameOrId, DeviceChange change) {
        checkReferral(change);
        return store.update(nameOrId, change);
    }

    @Override
    public Device update(long id, DeviceChange change) {
        checkReferral(change);
        return store.update(id, change);
    }

    private void checkReferral(DeviceChange change) {
        if (change.referralServer() instanceof FieldChange.SetTo<String> set) {
            referrals.check(set.value());
        }
    }

    @Override
    public boolean remove(String nameOrId) {
        return store.remove(nameOrId);
    }

    @Override
    public Optional<Device> find(String nameOrId) {
        return store.find(nameOrId);
    }

    @Override
    public Optional<Device> find(long id) {
        return store.find(id);
    }

    @Override
    public List<Device> list() {
        return store.list();
    }

    @Override
    public Optional<Device> match(Optional<UUID> guid, MacAddress mac) {
        return store.match(guid, mac);
    }

    @Override
    public boolean surelyMatchesNothing(Optional<UUID> guid, MacAddress mac) {
        return store.surelyMatchesNothing(guid, mac);
    }

    @Override
    public void markSeen(long id, Instant when) {
        store.markSeen(id, when);
    }

    @Override
    public void markSeen(Map<Long, Instant> boots) {
        store.markSeen(boots);
    }

    @Override
    public Optional<BootTask> consumeOneShotTask(long deviceId) {
        return store.consumeOneShotTask(deviceId);
    }

    @Override
    public void setTask(String nameOrId, Optional<BootTask> task) {
        store.setTask(nameOrId, task);
    }

    @Override
    public String taskSecret(long deviceId, BootTask task) {
        return store.taskSecret(deviceId, task);
    }

    @Override
    public boolean completeTask(long deviceId, String secret) {
        return store.completeTask(deviceId, secret);
    }

    @Override
    public void banGuid(UUID guid, String reason) {
        store.banGuid(guid, reason);
    }

    @Override
    public boolean unbanGuid(UUID guid) {
        return store.unbanGuid(guid);
    }

    @Override
    public List<BannedGuid> bannedGuids() {
        return store.bannedGuids();
    }

    @Override
    public boolean isBanned(UUID guid) {
        return store.isBanned(guid);
    }

    @Override
    public void recordSighting(UUID guid, MacAddress mac, Instant when) {
        store.recordSighting(guid, mac, when);
    }

    @Override
    public void recordSightings(List<Sighting> sightings) {
        store.recordSightings(sightings);
    }

    @Override
    public List<DuplicateGuid> duplicateGuids() {
        return store.duplicateGuids();
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
        return store.importCsv(new StringReader(text));
    }

    @Override
    public void exportCsv(Writer out) throws IOException {
        store.exportCsv(out);
    }
}
