package org.karafpxe.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.InvalidValueException;

public class TaskOptionsTest {

    @Rule
    public TemporaryFolder dir = new TemporaryFolder();

    @Test
    public void noTaskOptionsGiveNoTask() {
        assertEquals(Optional.empty(), TaskOptions.task(null, null, false));
    }

    @Test
    public void scriptRunsEveryBootUnlessOneShot() {
        assertEquals(Optional.of(BootTask.everyBoot("chain http://x/${mac}")),
                TaskOptions.task("chain http://x/${mac}", null, false));
        assertEquals(Optional.of(BootTask.oneShot("sanboot --no-describe")),
                TaskOptions.task("sanboot --no-describe", null, true));
    }

    @Test
    public void fileIsReadAsUtf8AndNormalisedByTheStore() throws Exception {
        File f = dir.newFile("reimage.ipxe");
        Files.write(f.toPath(), "\uFEFF#!ipxe\r\necho Neu-Installation \u00e4\r\nchain http://x/wim\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.of(BootTask.oneShot("echo Neu-Installation \u00e4\nchain http://x/wim")),
                TaskOptions.task(null, f.getPath(), true));
    }

    @Test
    public void scriptAndFileTogetherAreRefused() {
        assertRefused("give the task as --task-script or --task-file, not both", "echo", "x.ipxe", false);
    }

    @Test
    public void oneShotWithoutATaskIsRefused() {
        assertRefused("--one-shot says how often a new task runs: give it with --task-script or --task-file",
                null, null, true);
    }

    @Test
    public void missingFileNamesTheAbsolutePath() {
        String missing = new File(dir.getRoot(), "missing.ipxe").getAbsolutePath();
        assertRefused("the task file " + missing + " does not exist", null, missing, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskOptions.task(null, "no-such-dir/x.ipxe", false));
        assertTrue(e.getMessage(), e.getMessage().contains("(a relative path starts in the server's directory "));
    }

    @Test
    public void directoryIsRefused() {
        assertRefused("the task file " + dir.getRoot().getAbsolutePath() + " is not a file", null,
                dir.getRoot().getPath(), false);
    }

    @Test
    public void fileNotInUtf8IsRefused() throws Exception {
        File f = dir.newFile("latin1.ipxe");
        Files.write(f.toPath(), "echo Gr\u00fc\u00dfe".getBytes(StandardCharsets.ISO_8859_1));
        assertRefused("the task file " + f.getAbsolutePath() + " is not UTF-8 text; save it as UTF-8", null,
                f.getPath(), false);
    }

    @Test
    public void hugeFileIsRefusedUnread() throws Exception {
        File f = dir.newFile("huge.ipxe");
        Files.write(f.toPath(), new byte[4 * BootTask.MAX_SCRIPT_BYTES + 1]);
        assertRefused("the task file " + f.getAbsolutePath() + " has 65537 bytes, at most 65536 are allowed", null,
                f.getPath(), false);
    }

    @Test
    public void emptyScriptIsTheStoresRefusal() throws Exception {
        File f = dir.newFile("empty.ipxe");
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> TaskOptions.task(null, f.getPath(), false));
        assertTrue(e.getMessage(), e.getMessage().startsWith("invalid taskScript: the script is empty"));
        assertFalse(TaskOptions.given(null, null));
    }

    private static void assertRefused(String message, String script, String file, boolean oneShot) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskOptions.task(script, file, oneShot));
        assertTrue("'" + e.getMessage() + "' should start with '" + message + "'", e.getMessage().startsWith(message));
    }
}
