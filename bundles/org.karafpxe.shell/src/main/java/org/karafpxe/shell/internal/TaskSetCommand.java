package org.karafpxe.shell.internal;

import java.io.PrintStream;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.Device;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.UnknownDeviceException;

/** Gives a device a boot task: the iPXE script it runs at its next network boot, or at every one. */
@Command(scope = "pxe", name = "task-set", description = "Gives a prestaged device a boot task, replacing any it "
        + "had: iPXE commands it runs at its next network boot only (--one-shot) or at every network boot.")
@Service
public class TaskSetCommand extends StoreCommand {

    @Argument(index = 0, name = "device", required = true, description = "The device's name (any case) or id")
    @Completion(DeviceCompleter.class)
    private String device;

    @Option(name = "--script", aliases = "--task-script", description = "The iPXE commands, without the #!ipxe "
            + "line; quote them in single quotes so that the console leaves iPXE's ${...} variables alone")
    private String script;

    @Option(name = "--file", aliases = "--task-file", description = "A file on the server holding the iPXE "
            + "commands (UTF-8)")
    private String file;

    @Option(name = "--chain", description = "A URL to chain, e.g. http://192.0.2.1:8080/boot/install.ipxe "
            + "(instead of --script or --file)")
    private String chain;

    @Option(name = "--kernel", description = "A kernel URL or path to boot (instead of --script or --file; on the signed chain a path on this server, which GRUB loads); "
            + "with --initrd and --cmdline")
    private String kernel;

    @Option(name = "--initrd", description = "With --kernel: an initrd URL or path")
    private String initrd;

    @Option(name = "--cmdline", description = "With --kernel: the kernel command line")
    private String cmdline;

    @Option(name = "--program", description = "A boot program the firmware is sent to directly (a path on this "
            + "server, or a URL for HTTP boot), instead of a script; with --one-shot it is used at the next "
            + "network boot only (WDS's /ResetBootProgram), also on firmware that never runs iPXE")
    private String bootProgram;

    @Option(name = "--one-shot", description = "Run the task at the next network boot only, then clear it; "
            + "without it the task runs at every network boot until cleared")
    private boolean oneShot;

    @Override
    void run(PolicyStore store, PrintStream out) {
        Device before = store.find(device).orElseThrow(() -> new UnknownDeviceException(device));
        BootTask generated = generatedTask(before.bootsSignedChain());
        if (bootProgram != null && generated != null) {
            throw new IllegalArgumentException("give the task one way: --script, --file, --chain, --kernel or "
                    + "--program");
        }
        if (bootProgram != null) {
            generated = BootTask.program(bootProgram, oneShot);
        }
        if (generated != null && (script != null || file != null)) {
            throw new IllegalArgumentException("give the task one way: --script, --file, --chain, --kernel or "
                    + "--program");
        }
        if (script != null && file != null) {
            throw new IllegalArgumentException("give the task as --script or --file, not both");
        }
        if (script == null && file == null && generated == null) {
            throw new IllegalArgumentException("give the task's iPXE commands as --script '<commands>' (in single "
                    + "quotes) or --file <path>, or give --chain <url> or --kernel <url> [--initrd <url>] "
                    + "[--cmdline <args>], or --program <path>");
        }
        BootTask task = generated != null ? generated : TaskOptions.task(script, file, oneShot).orElseThrow();
        task.checkRunnableBy(before);
        // By id: the name may have been given to another device since it was looked up.
        store.setTask(Long.toString(before.id()), Optional.of(task));
        String which = "device '" + before.name() + "' (id " + before.id() + ")";
        out.println(task.oneShot()
                ? "Set a one-shot task for " + which + ": it runs at the next network boot only, then is cleared."
                : "Set a task for " + which + ": it runs at every network boot until cleared.");
        before.task().ifPresent(t -> out.println("It replaces " + (t.oneShot() ? "a one-shot task" : "a task for "
                + "every boot") + " that began: " + TaskFormat.firstLine(t)));
        out.println("Task script:");
        out.println(task.script());
    }

    /**
     * The task --chain or --kernel/--initrd/--cmdline stand for, or null when neither is given;
     * for a device on the signed chain, --kernel gives GRUB's commands.
     */
    private BootTask generatedTask(boolean grub) {
        if (chain != null && kernel != null) {
            throw new IllegalArgumentException("give --chain or --kernel, not both");
        }
        if (kernel == null && (initrd != null || cmdline != null)) {
            throw new IllegalArgumentException("--initrd and --cmdline go with --kernel <url>");
        }
        if (chain != null) {
            return BootTask.chain(chain, oneShot);
        }
        return kernel == null ? null : BootTask.kernel(kernel, initrd, cmdline, grub, oneShot);
    }
}
