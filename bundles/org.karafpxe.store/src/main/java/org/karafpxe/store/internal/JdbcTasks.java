package org.karafpxe.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.BootTasks;
import org.karafpxe.store.Device;
import org.karafpxe.store.UnknownDeviceException;

/**
 * The devices' boot tasks in the database: a one-shot task taken by exactly one server, the task
 * callback's key made by the first server to open the database and shared from then on.
 */
final class JdbcTasks implements BootTasks {
    private final Transactions tx;
    private final JdbcAudit audit;
    /** Signs each task's completion callback; the same in every server sharing the database. */
    private final TaskSecrets secrets;

    JdbcTasks(Transactions tx, JdbcAudit audit) {
        this.tx = tx;
        this.audit = audit;
        this.secrets = loadSecrets(tx);
    }

    /** The task callback key, made by the first server to open the database and shared from then on. */
    private static TaskSecrets loadSecrets(Transactions tx) {
        return tx.write("load the task callback key", c -> {
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

    @Override
    public Optional<BootTask> consumeOneShotTask(long deviceId) {
        for (int attempt = 1; attempt <= Transactions.ATTEMPTS; attempt++) {
            Optional<Optional<BootTask>> outcome = tx.write("take the boot task of device " + deviceId, c -> {
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
                        audit.record(c, "task-taken", nameOf(c, deviceId), Optional.of(JdbcAudit.task(task.get())),
                                Optional.empty());
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
        return tx.write("complete the boot task of device " + deviceId, c -> {
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
                if (p.executeUpdate() != 1) {
                    return false;
                }
            }
            audit.record(c, "task-done", nameOf(c, deviceId), Optional.of(JdbcAudit.task(task.get())), Optional.empty());
            return true;
        });
    }

    /** A device's name, for the audit trail. */
    private static String nameOf(Connection c, long deviceId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT name FROM pxe_device WHERE id = ?")) {
            p.setLong(1, deviceId);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getString(1) : "device " + deviceId;
            }
        }
    }


    /** The device's task as the database holds it now; empty for no task or no device. */
    private static Optional<BootTask> taskOf(Connection c, long deviceId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT name, task_script, task_one_shot FROM pxe_device WHERE id = ?")) {
            p.setLong(1, deviceId);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? DeviceRows.task(r.getString(1), r.getString(2), r.getBoolean(3)) : Optional.empty();
            }
        }
    }

    @Override
    public void setTask(String nameOrId, Optional<BootTask> task) {
        tx.write("set the boot task of device '" + nameOrId + "'", c -> {
            Device before = DeviceRows.select(c, nameOrId, true).orElseThrow(() -> new UnknownDeviceException(nameOrId));
            audit.record(c, task.isPresent() ? "task-set" : "task-clear", before.name(),
                    before.task().map(JdbcAudit::task), task.map(JdbcAudit::task));
            try (PreparedStatement p = c.prepareStatement("UPDATE pxe_device SET task_script = ?, task_one_shot = ? "
                    + "WHERE " + DeviceRows.keyOf(nameOrId))) {
                p.setString(1, task.map(BootTask::script).orElse(null));
                if (task.isPresent()) {
                    p.setBoolean(2, task.get().oneShot());
                } else {
                    p.setNull(2, Types.BOOLEAN);
                }
                DeviceRows.bindKey(p, 3, nameOrId);
                if (p.executeUpdate() == 0) {
                    throw new UnknownDeviceException(nameOrId);
                }
                return null;
            }
        });
    }

}
