package org.karafpxe.http.internal;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.karafpxe.store.Device;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.StoreException;
import org.karafpxe.store.UnknownDeviceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The completion callback: {@code <path>/done/<device id>}, called by a boot task when it has
 * finished (from iPXE with {@code imgfetch}, or from the installed system with {@code curl}),
 * clears the device's boot task, so that its next boot is a local boot. Clearing a task the device
 * no longer has is not an error: a task for every boot is cleared the same way.
 */
final class TaskCompletion {
    /** The first path component that makes a request a completion callback rather than a file. */
    static final String PREFIX = "done";

    private static final Logger LOG = LoggerFactory.getLogger(TaskCompletion.class);
    private static final Logger REQUESTS = LoggerFactory.getLogger(BootFileResponder.REQUESTS_LOGGER);
    // Up to 18 digits always fits a long; the store's ids are far smaller.
    private static final Pattern ID = Pattern.compile("[0-9]{1,18}");

    /** @param message a line for the caller (a script or an operator with curl) */
    record Outcome(int status, String message) {
    }

    private final Supplier<PolicyStore> store;
    private final HttpCounters counters;

    /** @param store the policy store, or null from the supplier while there is none */
    TaskCompletion(Supplier<PolicyStore> store, HttpCounters counters) {
        this.store = store;
        this.counters = counters;
    }

    /** @param id the path component after {@value #PREFIX}/, as requested */
    Outcome complete(String id, InetSocketAddress client) {
        String from = BootFileResponder.address(client);
        if (!ID.matcher(id).matches()) {
            REQUESTS.debug("Completion callback from {}: '{}' is not a device id", from, BootFileResponder.printable(id));
            return new Outcome(400, "not a device id: call " + PREFIX + "/<device id>, the number pxe:device-list shows");
        }
        long deviceId = Long.parseLong(id);
        PolicyStore s = store.get();
        if (s == null) {
            REQUESTS.warn("Completion callback from {} for device {}: there is no policy store (install karaf-pxe-store); "
                    + "the task is not cleared", from, deviceId);
            return new Outcome(503, "no policy store: the task of device " + deviceId + " is not cleared");
        }
        try {
            Optional<Device> device = s.find(deviceId);
            if (device.isEmpty()) {
                REQUESTS.info("Completion callback from {} for device {}: no such device", from, deviceId);
                return new Outcome(404, "no device " + deviceId);
            }
            Device d = device.get();
            s.setTask(Long.toString(deviceId), Optional.empty());
            counters.tasksCleared.increment();
            REQUESTS.info("Completion callback from {}: boot task of device {} (id {}) cleared{}", from, d.name(),
                    deviceId, d.task().isPresent() ? "" : " (it had none)");
            return new Outcome(200, "task of device " + d.name() + " cleared");
        } catch (UnknownDeviceException e) {
            // Removed between the two calls.
            REQUESTS.info("Completion callback from {} for device {}: no such device", from, deviceId);
            return new Outcome(404, "no device " + deviceId);
        } catch (StoreException e) {
            LOG.warn("Completion callback from {} for device {}: the policy store failed: {}", from, deviceId,
                    e.getMessage());
            return new Outcome(503, "the policy store failed: the task of device " + deviceId + " is not cleared");
        }
    }
}
