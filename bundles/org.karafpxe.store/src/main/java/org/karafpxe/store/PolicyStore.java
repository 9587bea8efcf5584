package org.karafpxe.store;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.karafpxe.api.MacAddress;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The server's policy: prestaged devices, their boot overrides and tasks, and the banned GUIDs.
 *
 * <p>Every write is committed before the method returns: once a call has returned, its change
 * survives a crash of the server, and every other server sharing the database sees it. The
 * bookkeeping of boots, {@link #markSeen} and {@link #recordSighting}, is committed too, but an
 * embedded database may keep the last seconds of it from the disk, so that a boot storm does not
 * wait for a disk sync per machine. Several
 * servers may share one PostgreSQL database; names, MACs and GUIDs stay unique across all of them
 * and a one-shot task is handed to one of them only.
 *
 * <p>Methods that take a device "by name or id" accept the device's name (any case) or its id in
 * decimal; names are never all digits, so the two cannot be confused.
 *
 * <p>Failures are {@link StoreException}s with messages for the operator.
 */
@ProviderType
public interface PolicyStore {

    /**
     * The CSV header of {@link #importCsv} and {@link #exportCsv}. Fields follow RFC 4180: a field
     * holding a comma, a double quote or a line break (a multi-line {@code taskScript}) is put in
     * double quotes, with each double quote inside doubled. There are no backslash escapes. An
     * empty field is an absent value; {@code taskOneShot} is {@code true} or {@code false}
     * ({@code yes}/{@code no} and {@code 1}/{@code 0} are read too) and empty when there is no task.
     * The columns may come in any order; only {@code name} and one of {@code mac}, {@code guid}
     * must be present.
     */
    String CSV_HEADER = "name,mac,guid,bootProgram,referralServer,group,taskScript,taskOneShot";

    /** Prestages a device. */
    Device add(DeviceDraft draft);

    /** Changes some fields of a device, by name or id; returns the device as stored. */
    Device update(String nameOrId, DeviceChange change);

    /** Changes some fields of a device; returns the device as stored. */
    Device update(long id, DeviceChange change);

    /** Removes a device, by name or id; false when there was none. */
    boolean remove(String nameOrId);

    /** A device by name (any case) or id. */
    Optional<Device> find(String nameOrId);

    /** A device by id. */
    Optional<Device> find(long id);

    /** Every device, by name ignoring case. */
    List<Device> list();

    /**
     * The prestaged device a booting client is: the one with its GUID if any (and the GUID is not
     * banned), else the one with its MAC.
     */
    Optional<Device> match(Optional<UUID> guid, MacAddress mac);

    /**
     * True when the store can tell from memory, without asking the database, that
     * {@link #match} finds no device for this GUID and MAC; false when {@code match} would ask the
     * database (whatever it then finds). Answers at once and never blocks, so that a provider can
     * tell whether it decides a request without blocking. The default is false.
     *
     * @since 1.2
     */
    default boolean surelyMatchesNothing(Optional<UUID> guid, MacAddress mac) {
        return false;
    }

    /**
     * Notes that the device booted. Times only move forward (servers may report out of order); a
     * device removed meanwhile is ignored.
     */
    void markSeen(long id, Instant when);

    /** {@link #markSeen(long, Instant)} for several devices (by id) at once, in one write. */
    default void markSeen(Map<Long, Instant> boots) {
        boots.forEach(this::markSeen);
    }

    /**
     * The device's boot task, if it has one. A one-shot task is cleared in the same transaction,
     * so that of servers asking at once only one gets it and the others get empty; a task for
     * every boot is returned each time and stays.
     */
    Optional<BootTask> consumeOneShotTask(long deviceId);

    /** Gives a device (by name or id) a boot task, replacing any it had, or clears it. */
    void setTask(String nameOrId, Optional<BootTask> task);

    /**
     * The secret a task's completion callback must present ({@code done/<device id>/<secret>}):
     * only the script served to the device carries it. It is derived from a key kept in the store,
     * the device and the task, so every server sharing the store computes the same one, and a
     * new task has a new secret. No database access.
     *
     * @since 1.3
     */
    String taskSecret(long deviceId, BootTask task);

    /**
     * Clears the device's boot task when {@code secret} is its {@link #taskSecret}: the completion
     * callback.
     *
     * @return whether a task was cleared; false for an unknown device, a device without a task,
     *         or a secret that is not its task's
     * @since 1.3
     */
    boolean completeTask(long deviceId, String secret);

    /** Bans a GUID (again: updates the reason). */
    void banGuid(UUID guid, String reason);

    /** Lifts a ban; false when the GUID was not banned. */
    boolean unbanGuid(UUID guid);

    /** The banned GUIDs, in GUID order. */
    List<BannedGuid> bannedGuids();

    boolean isBanned(UUID guid);

    /** Notes that a client with this GUID booted from this MAC, to find GUIDs that many share. */
    void recordSighting(UUID guid, MacAddress mac, Instant when);

    /** {@link #recordSighting} for several sightings at once, in one write. */
    default void recordSightings(List<Sighting> sightings) {
        sightings.forEach(s -> recordSighting(s.guid(), s.mac(), s.when()));
    }

    /** The GUIDs seen from more than one MAC, in GUID order. */
    List<DuplicateGuid> duplicateGuids();

    /**
     * Imports devices from CSV ({@link #CSV_HEADER}), all or nothing: one transaction, and on the
     * first bad row an {@link ImportException} naming its line, with nothing imported. A row whose
     * name is a known device replaces that device's fields (its id, creation and last-seen times
     * stay); other rows add devices. Rows are applied in file order, so moving a MAC from one
     * device to another takes the row that frees it before the row that takes it.
     *
     * @throws IOException when the reader fails
     */
    ImportResult importCsv(Reader csv) throws IOException;

    /** Writes every device as CSV that {@link #importCsv} reads back to the same devices. */
    void exportCsv(Writer out) throws IOException;
}
