package org.karafpxe.shell.internal;

import java.util.Optional;
import org.apache.karaf.shell.api.action.Option;
import org.karafpxe.store.BootTask;

/** A device command that can give the device a boot task: device-add and device-set. */
abstract class DeviceTaskCommand extends StoreCommand {

    @Option(name = "--task-script", description = "An iPXE script to run at network boot (a new task, replacing "
            + "any), without the #!ipxe line; quote it in single quotes so that the console leaves iPXE's ${...} "
            + "variables alone")
    private String taskScript;

    @Option(name = "--task-file", description = "A file on the server holding the iPXE script to run at "
            + "network boot (UTF-8)")
    private String taskFile;

    @Option(name = "--one-shot", description = "The task runs at the next network boot only (a reimage); "
            + "without it the task runs at every boot")
    private boolean oneShot;

    /** The task the options give, or empty when neither --task-script nor --task-file is there. */
    Optional<BootTask> task() {
        return TaskOptions.task(taskScript, taskFile, oneShot);
    }

    /** Whether any task option was given. */
    boolean taskOptionGiven() {
        return TaskOptions.given(taskScript, taskFile) || oneShot;
    }
}
