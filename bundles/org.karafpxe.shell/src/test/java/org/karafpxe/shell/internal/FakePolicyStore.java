package org.karafpxe.shell.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.karafpxe.api.MacAddress;
import org.karafpxe.store.BannedGuid;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceChange;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.DuplicateException;
import org.karafpxe.store.DuplicateGuid;
import org.karafpxe.store.ImportException;
import org.karafpxe.store.ImportResult;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.UnknownDeviceException;

/**
 * An in-memory policy store with the real one's uniqueness rules and refusals, enough for the
 * commands' own logic; the JDBC store is tested in its bundle and the commands on it in the itests.
 */
final class FakePolicyStore implements PolicyStore {

    static final Instant CREATED = Instant.parse("2025-03-01T10:00:00Z");

    private final Map<Long, Device> devices = new LinkedHashMap<>();
    private final Map<UUID, BannedGuid> bans = new TreeMap<>();
    private long nextId = 1;
    List<DuplicateGuid> duplicates = new ArrayList<>();
    String imported;
    DeviceChange lastChange;

    @Override
    public Device add(DeviceDraft draft) {
        checkUnique(draft, -1);
        Device d = new Device(nextId++, draft.name(), draft.mac(), draft.guid(), draft.bootProgram(),
                draft.referralServer(), draft.task(), draft.group(), CREATED, Optional.empty());
        devices.put(d.id(), d);
        return d;
    }

    @Override
    public Device update(String nameOrId, DeviceChange change) {
        lastChange = change;
        Device current = find(nameOrId).orElseThrow(() -> new UnknownDeviceException(nameOrId));
        DeviceDraft draft = change.applyTo(current);
        checkUnique(draft, current.id());
        Device d = new Device(current.id(), draft.name(), draft.mac(), draft.guid(), draft.bootProgram(),
                draft.referralServer(), draft.task(), draft.group(), current.created(), current.lastSeen());
        devices.put(d.id(), d);
        return d;
    }

    @Override
    public Device update(long id, DeviceChange change) {
        return update(Long.toString(id), change);
    }

    @Override
    public boolean remove(String nameOrId) {
        return find(nameOrId).map(d -> devices.remove(d.id()) != null).orElse(false);
    }

    @Override
    public Optional<Device> find(String nameOrId) {
        if (nameOrId.matches("[0-9]{1,18}")) {
            return find(Long.parseLong(nameOrId));
        }
        return devices.values().stream().filter(d -> d.name().equalsIgnoreCase(nameOrId)).findFirst();
    }

    @Override
    public Optional<Device> find(long id) {
        return Optional.ofNullable(devices.get(id));
    }

    @Override
    public List<Device> list() {
        return devices.values().stream().sorted(Comparator.comparing(d -> d.name().toLowerCase(Locale.ROOT)))
                .collect(Collectors.toList());
    }

    @Override
    public Optional<Device> match(Optional<UUID> guid, MacAddress mac) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void markSeen(long id, Instant when) {
        Device d = devices.get(id);
        devices.put(id, new Device(id, d.name(), d.mac(), d.guid(), d.bootProgram(), d.referralServer(), d.task(),
                d.group(), d.created(), Optional.of(when)));
    }

    @Override
    public Optional<BootTask> consumeOneShotTask(long deviceId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setTask(String nameOrId, Optional<BootTask> task) {
        Device d = find(nameOrId).orElseThrow(() -> new UnknownDeviceException(nameOrId));
        devices.put(d.id(), new Device(d.id(), d.name(), d.mac(), d.guid(), d.bootProgram(), d.referralServer(), task,
                d.group(), d.created(), d.lastSeen()));
    }

    @Override
    public void banGuid(UUID guid, String reason) {
        bans.put(guid, new BannedGuid(guid, reason, CREATED));
    }

    @Override
    public boolean unbanGuid(UUID guid) {
        return bans.remove(guid) != null;
    }

    @Override
    public List<BannedGuid> bannedGuids() {
        return List.copyOf(bans.values());
    }

    @Override
    public boolean isBanned(UUID guid) {
        return bans.containsKey(guid);
    }

    @Override
    public void recordSighting(UUID guid, MacAddress mac, Instant when) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<DuplicateGuid> duplicateGuids() {
        return duplicates;
    }

    /** Keeps the text; a file whose second line is "bad" is refused as the real store refuses a row. */
    @Override
    public ImportResult importCsv(Reader csv) throws IOException {
        StringWriter text = new StringWriter();
        csv.transferTo(text);
        imported = text.toString().strip();
        if (imported.lines().skip(1).findFirst().filter("bad"::equals).isPresent()) {
            throw new ImportException(2, "1 fields where the header has 8", null);
        }
        return new ImportResult(2, 1, 0);
    }

    @Override
    public void exportCsv(Writer out) throws IOException {
        out.write(CSV_HEADER + "\n");
        for (Device d : list()) {
            out.write(d.name() + "," + d.mac().map(Object::toString).orElse("") + ",,,,,,\n");
        }
    }

    private void checkUnique(DeviceDraft draft, long self) {
        for (Device d : devices.values()) {
            if (d.id() == self) {
                continue;
            }
            if (d.name().equalsIgnoreCase(draft.name())) {
                throw new DuplicateException(DuplicateException.Field.NAME, draft.name(), Optional.of(d.name()));
            }
            if (draft.mac().isPresent() && draft.mac().equals(d.mac())) {
                throw new DuplicateException(DuplicateException.Field.MAC, draft.mac().get().toString(),
                        Optional.of(d.name()));
            }
            if (draft.guid().isPresent() && draft.guid().equals(d.guid())) {
                throw new DuplicateException(DuplicateException.Field.GUID, draft.guid().get().toString(),
                        Optional.of(d.name()));
            }
        }
    }
}
