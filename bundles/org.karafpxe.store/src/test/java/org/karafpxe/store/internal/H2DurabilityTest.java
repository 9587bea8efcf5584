package org.karafpxe.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.karafpxe.store.Device;
import org.karafpxe.store.PolicyStore;

/**
 * An acknowledged write to the H2 file store survives a {@code kill -9} of the server right after
 * it: a child JVM adds devices and reports each add as it returns; the test kills it with SIGKILL
 * (no shutdown hook runs, nothing is flushed on the way out), reopens the database, and looks for
 * every device it was told about.
 */
public class H2DurabilityTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test(timeout = 180_000)
    public void aDeviceAcknowledgedBeforeAKillIsThereAfterIt() throws Exception {
        File base = new File(tmp.newFolder(), "store");
        List<String[]> acked = runAndKill(base, 1, 1);
        assertSurvived(base, acked);
    }

    @Test(timeout = 180_000)
    public void aKillDuringAStreamOfWritesLosesNoAcknowledgedOne() throws Exception {
        File base = new File(tmp.newFolder(), "store");
        // The child keeps writing while it is killed, so the kill lands in the middle of a write.
        List<String[]> acked = runAndKill(base, 0, 40);
        assertSurvived(base, acked);
    }

    /** Runs the child until it has acknowledged {@code wanted} adds, then kills it at once. */
    private List<String[]> runAndKill(File base, int count, int wanted) throws Exception {
        Path log = tmp.newFile("child.log").toPath();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), H2DurabilityChild.class.getName(),
                base.getAbsolutePath(), Integer.toString(count));
        pb.redirectError(log.toFile());
        Process child = pb.start();
        List<String[]> acked = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            while (acked.size() < wanted) {
                String line = out.readLine();
                if (line == null) {
                    fail("the child ended after " + acked.size() + " acknowledgements: " + Files.readString(log));
                }
                if (line.startsWith("ACK ")) {
                    acked.add(line.substring(4).split(" "));
                }
            }
            child.destroyForcibly(); // SIGKILL
            assertTrue("the child did not die", child.waitFor(30, TimeUnit.SECONDS));
            assertEquals("killed by SIGKILL", 128 + 9, child.exitValue());
        } finally {
            child.destroyForcibly();
        }
        return acked;
    }

    private static void assertSurvived(File base, List<String[]> acked) throws Exception {
        PolicyStore reopened = JdbcPolicyStore.open(TestDatabase.h2(TestDatabase.h2Url(base)));
        try {
            for (String[] ack : acked) {
                Optional<Device> d = reopened.find(ack[1]);
                assertTrue("acknowledged device " + ack[1] + " was lost", d.isPresent());
                assertEquals(Long.parseLong(ack[0]), d.get().id());
            }
        } finally {
            try (var c = TestDatabase.h2(TestDatabase.h2Url(base)).getConnection(); var s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
    }
}
