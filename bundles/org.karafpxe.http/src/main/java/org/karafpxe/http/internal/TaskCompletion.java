package org.karafpxe.http.internal;

import java.net.InetSocketAddress;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.karafpxe.store.BootTasks;
import org.karafpxe.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The completion callback: {@code <path>/done/<device id>/<secret>}, called by a boot task when it
 * has finished (from iPXE with {@code imgfetch http://${pxe-server}:8080/boot/done/${pxe-done}},
 * or from the installed system with {@code curl}), clears the device's boot task, so that its next
 * boot is a local boot. The secret is the task's own ({@link BootTasks#taskSecret}): only the
 * script served to the device carries it (iPXE's {@code ${pxe-done}} setting), so neither a web page
 * a LAN user opens nor anyone counting device ids can clear a task. Every well-formed call gets the
 * same answer, whether the device exists, has a task, or the secret is right, so that the answer
 * tells nothing; the log says what happened.
 */
final class TaskCompletion {
    /** The first path component that makes a request a completion callback rather than a file. */
    static final String PREFIX = "done";
    static final String NOTED = "noted";
    static final String USAGE = "call " + PREFIX + "/<device id>/<secret>, as the task's script names it: "
            + "${pxe-done}";

    private static final Logger LOG = LoggerFactory.getLogger(TaskCompletion.class);
    private static final Logger REQUESTS = LoggerFactory.getLogger(BootFileResponder.REQUESTS_LOGGER);
    // Up to 18 digits always fits a long; the store's ids are far smaller.
    private static final Pattern ID = Pattern.compile("[0-9]{1,18}");
    private static final Pattern SECRET = Pattern.compile("[a-z0-9]{26}");

    /** @param message a line for the caller (a script or an operator with curl) */
    record Outcome(int status, String message) {
    }

    private final Supplier<BootTasks> store;
    private final HttpCounters counters;

    /** @param store the policy store, or null from the supplier while there is none */
    TaskCompletion(Supplier<BootTasks> store, HttpCounters counters) {
        this.store = store;
        this.counters = counters;
    }

    /**
     * @param id     the path component after {@value #PREFIX}/, as requested
     * @param secret the component after the id; never logged
     */
    Outcome complete(String id, String secret, InetSocketAddress client) {
        String from = BootFileResponder.address(client);
        if (!ID.matcher(id).matches() || !SECRET.matcher(secret).matches()) {
            counters.refused.increment();
            REQUESTS.debug("Completion callback from {}: not of the form {}/<device id>/<secret>", from, PREFIX);
            return new Outcome(400, USAGE);
        }
        long deviceId = Long.parseLong(id);
        BootTasks s = store.get();
        if (s == null) {
            REQUESTS.warn("Completion callback from {} for device {}: there is no policy store (install karaf-pxe-store); "
                    + "the task is not cleared", from, deviceId);
            return new Outcome(503, "no policy store: nothing is cleared");
        }
        try {
            if (s.completeTask(deviceId, secret)) {
                counters.tasksCleared.increment();
                REQUESTS.info("Completion callback from {}: boot task of device {} cleared", from, deviceId);
            } else {
                counters.refused.increment();
                REQUESTS.info("Completion callback from {} for device {}: nothing cleared (no such device, no task, "
                        + "or not the secret of its task)", from, deviceId);
            }
            return new Outcome(200, NOTED);
        } catch (StoreException e) {
            LOG.warn("Completion callback from {} for device {}: the policy store failed: {}", from, deviceId,
                    e.getMessage());
            return new Outcome(503, "the policy store failed: nothing is cleared; call again");
        }
    }
}
