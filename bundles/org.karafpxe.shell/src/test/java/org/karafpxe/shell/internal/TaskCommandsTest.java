package org.karafpxe.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.karafpxe.shell.internal.Commands.with;

import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.testing.InMemoryPolicyStore;

public class TaskCommandsTest {

    @Rule
    public TemporaryFolder dir = new TemporaryFolder();

    private final InMemoryPolicyStore store = new InMemoryPolicyStore();

    private static TaskSetCommand set(String device) {
        return with(new TaskSetCommand(), "device", device);
    }

    private static TaskClearCommand clear(String device) {
        return with(new TaskClearCommand(), "device", device);
    }

    private static String text(String output) {
        return output.replace(System.lineSeparator(), "\n");
    }

    private Optional<BootTask> taskOf(String device) {
        return store.find(device).orElseThrow().task();
    }

    @Test
    public void withoutTheStoreTheCommandsSayWhy() throws Exception {
        assertEquals(StoreCommand.STORE_NOT_RUNNING, Commands.failure(new TaskListCommand(), null));
        assertEquals(StoreCommand.STORE_NOT_RUNNING, Commands.failure(clear("pc-01"), null));
    }

    @Test
    public void setGivesAOneShotTaskAndSaysWhatWasSet() throws Exception {
        store.add(DeviceDraft.builder("pc-01").mac("52:54:00:12:34:56").build());
        String out = Commands.execute(with(with(set("PC-01"), "script",
                "#!ipxe\nchain http://192.0.2.1/reimage.ipxe?mac=${mac}\n"), "oneShot", true), store);
        assertEquals("Set a one-shot task for device 'pc-01' (id 1): it runs at the next network boot only, then is "
                + "cleared.\n"
                + "Task script:\n"
                + "chain http://192.0.2.1/reimage.ipxe?mac=${mac}\n", text(out));
        assertEquals(Optional.of(BootTask.oneShot("chain http://192.0.2.1/reimage.ipxe?mac=${mac}")), taskOf("pc-01"));
    }

    @Test
    public void programSetsABootProgramTaskUsedOnceWithOneShot() throws Exception {
        store.add(DeviceDraft.builder("wds-01").mac("52:54:00:12:34:58").build());
        Commands.execute(with(with(set("wds-01"), "bootProgram", "boot/x64/pxeboot.n12"), "oneShot", true), store);
        assertEquals(Optional.of(BootTask.program("boot/x64/pxeboot.n12", true)), taskOf("wds-01"));
        assertEquals("give the task one way: --script, --file, --chain, --kernel or --program",
                Commands.failure(with(with(set("wds-01"), "bootProgram", "a.efi"), "kernel", "/k"), store));
    }

    @Test
    public void theSignedChainTakesTasksWrittenForGrubOnly() throws Exception {
        store.add(DeviceDraft.builder("sb-01").mac("52:54:00:12:34:57").bootProgram("grub/shimx64.efi").build());
        String refused = Commands.failure(with(set("sb-01"), "script", "chain http://192.0.2.1/a.ipxe"), store);
        assertTrue(refused, refused.contains("device 'sb-01' boots the signed chain (boot program grub/shimx64.efi), "
                + "whose GRUB cannot run iPXE commands"));
        assertTrue(refused, Commands.failure(with(set("sb-01"), "chain", "http://192.0.2.1/a.ipxe"), store)
                .contains("whose GRUB cannot run iPXE commands"));
        Commands.execute(with(with(with(set("sb-01"), "kernel", "/k/vmlinuz"), "initrd", "/k/initrd.img"),
                "cmdline", "console=ttyS0"), store);
        assertEquals(Optional.of(BootTask.everyBoot("#!grub\nlinux /k/vmlinuz console=ttyS0\ninitrd /k/initrd.img\n"
                + "boot")), taskOf("sb-01"));
        store.add(DeviceDraft.builder("pc-01").mac("52:54:00:12:34:56").bootProgram("lab/ipxe.efi").build());
        assertTrue(Commands.failure(with(set("pc-01"), "script", "#!grub\nboot"), store)
                .contains("a task written for GRUB (#!grub) runs only with boot program grub/shimx64.efi"));
    }

    @Test
    public void setReadsAFileAndReplacesTheTaskItHad() throws Exception {
        store.add(DeviceDraft.builder("kiosk").mac("52:54:00:12:34:56").task(BootTask.oneShot("echo old\nshell"))
                .build());
        File f = dir.newFile("kiosk.ipxe");
        Files.writeString(f.toPath(), "#!ipxe\r\nkernel http://x/vmlinuz\r\ninitrd http://x/initrd\r\nboot\r\n");
        String out = Commands.execute(with(set("1"), "file", f.getPath()), store);
        assertEquals("Set a task for device 'kiosk' (id 1): it runs at every network boot until cleared.\n"
                + "It replaces a one-shot task that began: echo old (+1 line)\n"
                + "Task script:\n"
                + "kernel http://x/vmlinuz\ninitrd http://x/initrd\nboot\n", text(out));
        assertEquals(Optional.of(BootTask.everyBoot("kernel http://x/vmlinuz\ninitrd http://x/initrd\nboot")),
                taskOf("kiosk"));
    }

    @Test
    public void setRefusesBadInput() throws Exception {
        store.add(DeviceDraft.builder("pc-01").mac("52:54:00:12:34:56").build());
        assertEquals("give the task's iPXE commands as --script '<commands>' (in single quotes) or --file <path>, "
                + "or give --chain <url> or --kernel <url> [--initrd <url>] [--cmdline <args>], or --program <path>",
                Commands.failure(with(set("pc-01"), "oneShot", true), store));
        assertEquals("give the task as --script or --file, not both",
                Commands.failure(with(with(set("pc-01"), "script", "exit 1"), "file", "/x"), store));
        assertEquals("no device 'pc-02' (by name or id)",
                Commands.failure(with(set("pc-02"), "script", "exit 1"), store));
        assertTrue(Commands.failure(with(set("pc-01"), "script", "#!ipxe\n  \n"), store)
                .startsWith("invalid taskScript"));
        String missing = dir.getRoot().toPath().resolve("missing.ipxe").toString();
        assertEquals("the task file " + missing + " does not exist",
                Commands.failure(with(set("pc-01"), "file", missing), store));
        assertEquals(Optional.empty(), taskOf("pc-01"));
    }

    @Test
    public void clearSaysWhatWasClearedOrThatThereWasNone() throws Exception {
        store.add(DeviceDraft.builder("pc-01").mac("52:54:00:12:34:56")
                .task(BootTask.everyBoot("chain http://x/kiosk.ipxe")).build());
        assertEquals("Cleared the task for every boot of device 'pc-01' (id 1), which began: chain http://x/kiosk.ipxe\n",
                text(Commands.execute(clear("pc-01"), store)));
        assertEquals(Optional.empty(), taskOf("pc-01"));
        assertEquals("Device 'pc-01' (id 1) has no boot task: nothing to clear.\n",
                text(Commands.execute(clear("1"), store)));
        assertEquals("no device 'pc-02' (by name or id)", Commands.failure(clear("pc-02"), store));
    }

    @Test
    public void listShowsTheDevicesWithATask() throws Exception {
        assertTrue(Commands.execute(new TaskListCommand(), store).contains("No device has a boot task."));
        store.add(DeviceDraft.builder("pc-02").guid("4c4c4544-0042-3510-8052-b4c04f564433")
                .task(BootTask.everyBoot("chain http://x/kiosk.ipxe")).build());
        store.add(DeviceDraft.builder("pc-01").mac("52:54:00:12:34:56")
                .task(BootTask.oneShot("\n  echo reimaging\nchain http://x/reimage.ipxe\nboot")).build());
        store.add(DeviceDraft.builder("pc-03").mac("52:54:00:12:34:57").build());
        String out = Commands.execute(new TaskListCommand(), store);
        List<String> lines = out.lines().toList();
        assertEquals(out, 4, lines.size());
        assertTrue(out, lines.get(0).matches("Name +\\| MAC +\\| GUID +\\| Runs +\\| Script *"));
        assertTrue(out, lines.get(2).matches("pc-01 \\| 52:54:00:12:34:56 \\| - +\\| one-shot +"
                + "\\| echo reimaging \\(\\+2 lines\\) *"));
        assertTrue(out, lines.get(3).matches("pc-02 \\| - +\\| 4c4c4544-0042-3510-8052-b4c04f564433 \\| every boot "
                + "\\| chain http://x/kiosk.ipxe *"));
    }

    @Test
    public void chainAndKernelOptionsWriteTheScript() throws Exception {
        store.add(DeviceDraft.builder("pc-01").mac("52:54:00:12:34:56").build());
        Commands.execute(with(set("pc-01"), "chain", "http://192.0.2.1:8080/boot/install.ipxe"), store);
        assertEquals("chain http://192.0.2.1:8080/boot/install.ipxe", taskOf("pc-01").orElseThrow().script());
        Commands.execute(with(with(with(with(set("pc-01"), "kernel", "http://192.0.2.1/linux"), "initrd",
                "http://192.0.2.1/initrd.gz"), "cmdline", "auto=true priority=critical"), "oneShot", true), store);
        BootTask t = taskOf("pc-01").orElseThrow();
        assertEquals("kernel http://192.0.2.1/linux auto=true priority=critical\ninitrd http://192.0.2.1/initrd.gz\nboot",
                t.script());
        assertTrue(t.oneShot());
        assertEquals("give --chain or --kernel, not both", Commands.failure(with(with(set("pc-01"), "chain", "a"),
                "kernel", "b"), store));
        assertEquals("--initrd and --cmdline go with --kernel <url>", Commands.failure(with(set("pc-01"), "initrd",
                "x"), store));
        assertEquals("give the task one way: --script, --file, --chain, --kernel or --program", Commands.failure(with(with(
                set("pc-01"), "chain", "http://x/"), "script", "boot"), store));
        assertEquals("invalid kernel 'http://x/linux 6': give one URL or path, without spaces",
                Commands.failure(with(set("pc-01"), "kernel", "http://x/linux 6"), store));
    }
}
