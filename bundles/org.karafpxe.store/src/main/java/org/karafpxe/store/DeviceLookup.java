package org.karafpxe.store;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.karafpxe.api.MacAddress;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Reading the prestaged devices, as providers do when a machine boots: a device by its keys, the
 * device a booting client is, and noting that it booted. Methods that take a device "by name or id"
 * accept its name (any case) or its id in decimal. Failures are {@link StoreException}s with
 * messages for the operator.
 *
 * @since 1.5
 */
@ProviderType
public interface DeviceLookup {

    /** A device by name (any case) or id. */
    Optional<Device> find(String nameOrId);

    /** A device by id. */
    Optional<Device> find(long id);

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
     */
    default boolean surelyMatchesNothing(Optional<UUID> guid, MacAddress mac) {
        return false;
    }

    /**
     * Notes that the device booted. Times only move forward (servers may report out of order); a
     * device removed meanwhile is ignored. Bookkeeping: committed, but an embedded database may keep
     * the last seconds of it from the disk, so that a boot storm does not wait for a sync per machine.
     */
    void markSeen(long id, Instant when);

    /** {@link #markSeen(long, Instant)} for several devices (by id) at once, in one write. */
    default void markSeen(Map<Long, Instant> boots) {
        boots.forEach(this::markSeen);
    }
}
