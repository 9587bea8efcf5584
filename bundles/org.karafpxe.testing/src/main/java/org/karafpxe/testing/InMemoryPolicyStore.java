package org.karafpxe.testing;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
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
import org.karafpxe.store.internal.DeviceCsv;

/**
 * A {@link PolicyStore} in memory, for the unit tests of providers and of anything else that uses
 * the store: no database, no OSGi framework. It behaves as the server's JDBC store does, and the
 * store's own contract tests run against it to keep it so:
 *
 * <ul>
 *   <li>the same validation and the same exceptions with the same messages: a taken name, MAC or
 *       GUID is a {@link DuplicateException} naming the device that has it, an unknown device an
 *       {@link UnknownDeviceException}, a bad value an
 *       {@link org.karafpxe.store.InvalidValueException};</li>
 *   <li>names ignore case; "by name or id" takes a name or a decimal id;</li>
 *   <li>{@link #match} takes the GUID (unless banned) before the MAC; {@link #markSeen} only moves
 *       forward; a one-shot task is handed out exactly once, even to racing threads;</li>
 *   <li>{@link #importCsv} reads the same CSV and is all or nothing; {@link #exportCsv} writes it;</li>
 *   <li>times are kept to the millisecond, as the database keeps them; ids count up from 1 and are
 *       never reused (an add refused as a duplicate uses one up, as a database sequence does).</li>
 * </ul>
 *
 * <p>Every method is atomic and the store is safe for concurrent use. Creation and ban times come
 * from the clock given to the constructor, so a test can expect exact values:
 *
 * <pre>
 * Instant created = Instant.parse("2025-03-01T10:00:00Z");
 * InMemoryPolicyStore store = new InMemoryPolicyStore(Clock.fixed(created, ZoneOffset.UTC));
 * store.add(DeviceDraft.builder("lab-01").mac("52:54:00:12:34:56").group("lab").build());
 *
 * InMemoryPolicyStore lab = InMemoryPolicyStore.of(DeviceDraft.builder("lab-01").mac("52:54:00:12:34:56").build());
 * </pre>
 */
public final class InMemoryPolicyStore implements PolicyStore {

    /** What the JDBC store reads as an id: names are never all digits. */
    private static final Pattern ID = Pattern.compile("[0-9]{1,18}");

    /** The lower-case text of a GUID: banned GUIDs and sightings are in its order, as in the database. */
    private static final Comparator<UUID> GUID_ORDER = Comparator.comparing(UUID::toString);

    private final Clock clock;
    private final Object lock = new Object();
    /** Makes task secrets differ from one store to the next, as the database key does. */
    private final byte[] secretSalt = new byte[16];

    // Guarded by lock.
    private final Map<Long, Device> devices = new HashMap<>();
    private final Map<UUID, BannedGuid> bans = new TreeMap<>(GUID_ORDER);
    private final Map<UUID, Map<String, Sighting>> sightings = new TreeMap<>(GUID_ORDER);
    private long nextId = 1;

    /** A store whose creation and ban times are the system's UTC clock. */
    public InMemoryPolicyStore() {
        this(Clock.systemUTC());
    }

    /** A store whose creation and ban times come from the clock, e.g. {@link Clock#fixed}. */
    public InMemoryPolicyStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A store holding these devices, added in this order (so the first has id 1).
     *
     * @throws org.karafpxe.store.StoreException what {@link #add} throws for one of them
     */
    public static InMemoryPolicyStore of(DeviceDraft... devices) {
        InMemoryPolicyStore store = new InMemoryPolicyStore();
        for (DeviceDraft d : devices) {
            store.add(d);
        }
        return store;
    }

    // ---------------------------------------------------------------- devices

    @Override
    public Device add(DeviceDraft draft) {
        Objects.requireNonNull(draft, "draft");
        synchronized (lock) {
            return insert(devices, draft, now());
        }
    }

    @Override
    public Device update(String nameOrId, DeviceChange change) {
        Objects.requireNonNull(change, "change");
        synchronized (lock) {
            Device current = select(devices, nameOrId).orElseThrow(() -> new UnknownDeviceException(nameOrId));
            return change.isEmpty() ? current : replace(devices, current, change.applyTo(current));
        }
    }

    @Override
    public Device update(long id, DeviceChange change) {
        return update(Long.toString(id), change);
    }

    @Override
    public boolean remove(String nameOrId) {
        synchronized (lock) {
            return select(devices, nameOrId).map(d -> devices.remove(d.id()) != null).orElse(false);
        }
    }

    @Override
    public Optional<Device> find(String nameOrId) {
        synchronized (lock) {
            return select(devices, nameOrId);
        }
    }

    @Override
    public Optional<Device> find(long id) {
        return find(Long.toString(id));
    }

    @Override
    public List<Device> list() {
        synchronized (lock) {
            List<Device> all = new ArrayList<>(devices.values());
            all.sort(Comparator.comparing(d -> key(d.name())));
            return all;
        }
    }

    @Override
    public Optional<Device> match(Optional<UUID> guid, MacAddress mac) {
        Objects.requireNonNull(guid, "guid");
        Objects.requireNonNull(mac, "mac");
        synchronized (lock) {
            if (guid.isPresent() && !bans.containsKey(guid.get())) {
                // A banned GUID is shared by many machines: it must not pick one of them.
                Optional<Device> byGuid = holder(devices, d -> d.guid().equals(guid));
                if (byGuid.isPresent()) {
                    return byGuid;
                }
            }
            Optional<MacAddress> ethernet = Optional.of(mac).filter(m -> m.bytes().length == 6);
            return ethernet.isEmpty() ? Optional.empty() : holder(devices, d -> d.mac().equals(ethernet));
        }
    }

    @Override
    public void markSeen(long id, Instant when) {
        Instant seen = millis(when);
        synchronized (lock) {
            Device d = devices.get(id);
            if (d != null && (d.lastSeen().isEmpty() || d.lastSeen().get().isBefore(seen))) {
                devices.put(id, new Device(id, d.name(), d.mac(), d.guid(), d.bootProgram(), d.referralServer(),
                        d.task(), d.group(), d.created(), Optional.of(seen)));
            }
        }
    }

    @Override
    public Optional<BootTask> consumeOneShotTask(long deviceId) {
        synchronized (lock) {
            Device d = devices.get(deviceId);
            if (d == null || d.task().isEmpty()) {
                return Optional.empty();
            }
            if (d.task().get().oneShot()) {
                devices.put(d.id(), withTask(d, Optional.empty()));
            }
            return d.task();
        }
    }

    @Override
    public void setTask(String nameOrId, Optional<BootTask> task) {
        Objects.requireNonNull(task, "task");
        synchronized (lock) {
            Device d = select(devices, nameOrId).orElseThrow(() -> new UnknownDeviceException(nameOrId));
            devices.put(d.id(), withTask(d, task));
        }
    }

    {
        new SecureRandom().nextBytes(secretSalt);
    }

    @Override
    public String taskSecret(long deviceId, BootTask task) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(secretSalt);
            sha.update((deviceId + "\n" + task.oneShot() + "\n" + task.script()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 26);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public boolean completeTask(long deviceId, String secret) {
        synchronized (lock) {
            Device d = devices.get(deviceId);
            if (d == null || d.task().isEmpty() || !MessageDigest.isEqual(taskSecret(deviceId, d.task().get())
                    .getBytes(StandardCharsets.US_ASCII), String.valueOf(secret).getBytes(StandardCharsets.US_ASCII))) {
                return false;
            }
            devices.put(d.id(), withTask(d, Optional.empty()));
            return true;
        }
    }

    // ---------------------------------------------------------------- GUIDs

    @Override
    public void banGuid(UUID guid, String reason) {
        BannedGuid ban = new BannedGuid(guid, reason, now());
        synchronized (lock) {
            // The database gives the reason back without the blanks around it.
            bans.put(guid, new BannedGuid(guid, ban.reason().strip(), ban.bannedAt()));
        }
    }

    @Override
    public boolean unbanGuid(UUID guid) {
        Objects.requireNonNull(guid, "guid");
        synchronized (lock) {
            return bans.remove(guid) != null;
        }
    }

    @Override
    public List<BannedGuid> bannedGuids() {
        synchronized (lock) {
            return List.copyOf(bans.values());
        }
    }

    @Override
    public boolean isBanned(UUID guid) {
        Objects.requireNonNull(guid, "guid");
        synchronized (lock) {
            return bans.containsKey(guid);
        }
    }

    @Override
    public void recordSighting(UUID guid, MacAddress mac, Instant when) {
        Objects.requireNonNull(guid, "guid");
        Instant seen = millis(when);
        synchronized (lock) {
            // Keyed by the MAC's hex, which is also the order the database lists them in.
            sightings.computeIfAbsent(guid, g -> new TreeMap<>())
                    .merge(hex(mac), new Sighting(mac, seen), Sighting::latest);
        }
    }

    @Override
    public List<DuplicateGuid> duplicateGuids() {
        synchronized (lock) {
            List<DuplicateGuid> duplicates = new ArrayList<>();
            sightings.forEach((guid, byMac) -> {
                if (byMac.size() > 1) {
                    List<MacAddress> macs = byMac.values().stream().map(Sighting::mac).toList();
                    Instant last = byMac.values().stream().map(Sighting::lastSeen).max(Comparator.naturalOrder())
                            .orElseThrow();
                    duplicates.add(new DuplicateGuid(guid, macs, last, bans.containsKey(guid)));
                }
            });
            return List.copyOf(duplicates);
        }
    }

    // ---------------------------------------------------------------- CSV

    @Override
    public ImportResult importCsv(Reader csv) throws IOException {
        List<DeviceCsv.Row> rows = DeviceCsv.read(csv);
        synchronized (lock) {
            // Rows apply to a copy, which replaces the devices only when every row went in.
            Map<Long, Device> work = new HashMap<>(devices);
            Instant now = now();
            int added = 0;
            int updated = 0;
            int unchanged = 0;
            for (DeviceCsv.Row row : rows) {
                try {
                    Optional<Device> existing = select(work, row.draft().name());
                    if (existing.isEmpty()) {
                        insert(work, row.draft(), now);
                        added++;
                    } else if (existing.get().draft().equals(row.draft())) {
                        unchanged++;
                    } else {
                        replace(work, existing.get(), row.draft());
                        updated++;
                    }
                } catch (DuplicateException e) {
                    throw new ImportException(row.line(), e.getMessage(), e);
                }
            }
            devices.clear();
            devices.putAll(work);
            return new ImportResult(added, updated, unchanged);
        }
    }

    @Override
    public void exportCsv(Writer out) throws IOException {
        DeviceCsv.write(out, list());
    }

    // ---------------------------------------------------------------- helpers, called holding the lock

    private Device insert(Map<Long, Device> in, DeviceDraft d, Instant created) {
        long id = nextId++;
        checkUnique(in, d, -1);
        Device device = new Device(id, d.name(), d.mac(), d.guid(), d.bootProgram(), d.referralServer(), d.task(),
                d.group(), created, Optional.empty());
        in.put(id, device);
        return device;
    }

    private static Device replace(Map<Long, Device> in, Device current, DeviceDraft d) {
        checkUnique(in, d, current.id());
        Device device = new Device(current.id(), d.name(), d.mac(), d.guid(), d.bootProgram(), d.referralServer(),
                d.task(), d.group(), current.created(), current.lastSeen());
        in.put(device.id(), device);
        return device;
    }

    /** Refuses a name, MAC or GUID that a device other than {@code self} has, in the database's order. */
    private static void checkUnique(Map<Long, Device> in, DeviceDraft d, long self) {
        String name = key(d.name());
        Optional<Device> holder = holder(in, o -> o.id() != self && key(o.name()).equals(name));
        if (holder.isPresent()) {
            throw new DuplicateException(DuplicateException.Field.NAME, d.name(), Optional.of(holder.get().name()));
        }
        if (d.mac().isPresent()) {
            holder = holder(in, o -> o.id() != self && o.mac().equals(d.mac()));
            if (holder.isPresent()) {
                throw new DuplicateException(DuplicateException.Field.MAC, d.mac().get().toString(),
                        Optional.of(holder.get().name()));
            }
        }
        if (d.guid().isPresent()) {
            holder = holder(in, o -> o.id() != self && o.guid().equals(d.guid()));
            if (holder.isPresent()) {
                throw new DuplicateException(DuplicateException.Field.GUID, d.guid().get().toString(),
                        Optional.of(holder.get().name()));
            }
        }
    }

    private static Optional<Device> holder(Map<Long, Device> in, Predicate<Device> which) {
        return in.values().stream().filter(which).findFirst();
    }

    /** By name (any case) or decimal id, as the JDBC store reads the key. */
    private static Optional<Device> select(Map<Long, Device> in, String nameOrId) {
        String key = nameOrId.strip();
        if (ID.matcher(key).matches()) {
            return Optional.ofNullable(in.get(Long.valueOf(key)));
        }
        String name = key(key);
        return holder(in, d -> key(d.name()).equals(name));
    }

    private static Device withTask(Device d, Optional<BootTask> task) {
        return new Device(d.id(), d.name(), d.mac(), d.guid(), d.bootProgram(), d.referralServer(), task, d.group(),
                d.created(), d.lastSeen());
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String hex(MacAddress mac) {
        return HexFormat.of().formatHex(mac.bytes());
    }

    /** The database keeps times in milliseconds: what it gives back is this. */
    private static Instant millis(Instant when) {
        return Instant.ofEpochMilli(when.toEpochMilli());
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    /** A GUID seen from one MAC, the latest time it was. */
    private record Sighting(MacAddress mac, Instant lastSeen) {

        Sighting latest(Sighting other) {
            return other.lastSeen.isAfter(lastSeen) ? other : this;
        }
    }
}
