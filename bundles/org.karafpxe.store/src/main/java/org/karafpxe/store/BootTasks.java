package org.karafpxe.store;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The devices' boot tasks: set by the console, read and taken by the providers that serve them,
 * cleared by the completion callback. A one-shot task is handed to one server only, however many
 * share the database. Methods that take a device "by name or id" accept its name (any case) or its
 * id in decimal.
 *
 * @since 1.5
 */
@ProviderType
public interface BootTasks {

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
     */
    String taskSecret(long deviceId, BootTask task);

    /**
     * Clears the device's boot task when {@code secret} is its {@link #taskSecret}: the completion
     * callback.
     *
     * @return whether a task was cleared; false for an unknown device, a device without a task,
     *         or a secret that is not its task's
     */
    boolean completeTask(long deviceId, String secret);
}
