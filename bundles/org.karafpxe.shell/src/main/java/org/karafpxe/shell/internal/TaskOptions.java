package org.karafpxe.shell.internal;

import java.util.Optional;
import org.karafpxe.store.BootTask;

/** The --task-script, --task-file and --one-shot options of device-add and device-set. */
final class TaskOptions {

    /*
     * Room for a script of the store's maximum size even with CRLF line ends, a byte order mark
     * and trailing blank lines, which the store strips; the store checks the exact size.
     */
    private static final int MAX_FILE_BYTES = 4 * BootTask.MAX_SCRIPT_BYTES;
    private static final String WHAT = "the task file";

    private TaskOptions() {
    }

    /** Whether a task was given (by script or file). */
    static boolean given(String script, String file) {
        return script != null || file != null;
    }

    /**
     * The task the options give, or empty when neither --task-script nor --task-file is there. A
     * task runs at every boot unless --one-shot says otherwise.
     */
    static Optional<BootTask> task(String script, String file, boolean oneShot) {
        if (script != null && file != null) {
            throw new IllegalArgumentException("give the task as --task-script or --task-file, not both");
        }
        if (!given(script, file)) {
            if (oneShot) {
                throw new IllegalArgumentException("--one-shot says how often a new task runs: give it with "
                        + "--task-script or --task-file");
            }
            return Optional.empty();
        }
        String text = script != null ? script
                : OperatorFiles.readText(OperatorFiles.readable(file, WHAT), WHAT, MAX_FILE_BYTES);
        return Optional.of(new BootTask(text, oneShot));
    }
}
