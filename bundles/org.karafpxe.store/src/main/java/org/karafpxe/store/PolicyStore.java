package org.karafpxe.store;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The server's policy: prestaged devices, their boot overrides and tasks, and the banned GUIDs.
 *
 * <p>Every write is committed before the method returns: once a call has returned, its change
 * survives a crash of the server, and every other server sharing the database sees it. The
 * bookkeeping of boots, {@link DeviceLookup#markSeen} and {@link GuidRegistry#recordSighting}, is committed too, but an
 * embedded database may keep the last seconds of it from the disk, so that a boot storm does not
 * wait for a disk sync per machine. Several
 * servers may share one PostgreSQL database; names, MACs and GUIDs stay unique across all of them
 * and a one-shot task is handed to one of them only.
 *
 * <p>Methods that take a device "by name or id" accept the device's name (any case) or its id in
 * decimal; names are never all digits, so the two cannot be confused.
 *
 * <p>Failures are {@link StoreException}s with messages for the operator.
 *
 * <p>Its parts, by who uses them: {@link DeviceLookup} (providers), {@link DeviceRegistry} (the
 * console), {@link BootTasks} and {@link GuidRegistry}. The server registers the store under each
 * of them: depend on the narrowest that serves.
 */
@ProviderType
public interface PolicyStore extends DeviceRegistry, BootTasks, GuidRegistry {

    /** {@link DeviceRegistry#CSV_HEADER}, where it was first declared. */
    String CSV_HEADER = DeviceRegistry.CSV_HEADER;
}
