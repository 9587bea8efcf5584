package org.karafpxe.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The distribution's TFTP server, from its shipped tftpboot folder, fetched by curl as a boot client would. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TftpIT extends PxeTestSupport {

    @Configuration
    public Option[] config() {
        return distribution();
    }

    private static Path tftpboot() {
        return Path.of(System.getProperty("karaf.base"), "tftpboot");
    }

    /** Runs curl (tftp-hpa's and UEFI's blksize/tsize behaviour), returning its exit code. */
    private static int curl(String name, Path out, String... extra) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("curl", "-s", "-o", out.toString(),
                "--max-time", "60"));
        cmd.addAll(java.util.List.of(extra));
        cmd.add("tftp://127.0.0.1:" + TFTP_PORT + "/" + name);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue("curl did not finish", p.waitFor(90, TimeUnit.SECONDS));
        return p.exitValue();
    }

    @Test
    public void servesTheShippedFolderAndCountsTheTransfer() throws Exception {
        byte[] nbp = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(nbp);
        Files.createDirectories(tftpboot().resolve("boot/x64"));
        Files.write(tftpboot().resolve("boot/x64/test.efi"), nbp);
        Path out = Files.createTempFile("tftp", ".efi");
        assertEquals(0, curl("boot/x64/test.efi", out, "--tftp-blksize", "1468"));
        assertArrayEquals(nbp, Files.readAllBytes(out));

        // The server counts the transfer when the client's last ACK arrives, which may be after curl ended.
        await("the transfer counted as completed", Duration.ofSeconds(10), () -> {
            try {
                return executeCommand("pxe:tftp-stats").matches("(?s).*Transfers completed\\s*\\|\\s*[1-9].*");
            } catch (Exception e) {
                return false;
            }
        });
        String stats = executeCommand("pxe:tftp-stats");
        assertTrue(stats, stats.contains("listening on UDP 127.0.0.1:" + TFTP_PORT));
        String sessions = executeCommand("pxe:tftp-sessions");
        assertTrue(sessions, sessions.contains("No TFTP transfer in progress."));
    }

    @Test
    public void nothingOutsideTheRootIsServed() throws Exception {
        Files.writeString(tftpboot().getParent().resolve("secret.txt"), "outside");
        Path out = Files.createTempFile("tftp", ".txt");
        assertNotEquals(0, curl("../secret.txt", out, "--path-as-is"));
        assertTrue("nothing from outside the root arrived", !Files.exists(out) || !Files.readString(out).contains("outside"));
        assertNotEquals(0, curl("missing.efi", out));
        String stats = executeCommand("pxe:tftp-stats");
        assertTrue(stats, stats.matches("(?s).*Refused: not found\\s*\\|\\s*[1-9].*"));
        assertTrue(stats, stats.matches("(?s).*Refused: access\\s*\\|\\s*[1-9].*"));
    }
}
