package org.karafpxe.tftp.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import org.karafpxe.tftp.TftpStatistics;

/**
 * The server against the TFTP clients PXE setups are tested with (curl, tftp-hpa, atftp), run as processes:
 * each size around the block boundaries must arrive byte for byte. A test is skipped only when its client
 * is not installed (Debian packages curl, tftp-hpa, atftp).
 */
public class TftpRealClientsTest {

    private static final int[] SIZES = {0, 1, 511, 512, 513, 1 << 20};

    @ClassRule
    public static TemporaryFolder temp = new TemporaryFolder();

    @Rule
    public Timeout timeout = Timeout.seconds(120);

    private static ServerFixture server;
    private static Path root;
    private static Path downloads;

    @BeforeClass
    public static void startServer() throws IOException {
        root = temp.newFolder("tftproot").toPath();
        downloads = temp.newFolder("downloads").toPath();
        for (int size : SIZES) {
            Files.write(root.resolve("f" + size + ".bin"), ServerFixture.content(size, size + 11));
        }
        Files.createDirectories(root.resolve("boot/x86"));
        Files.write(root.resolve("boot/x86/pxeboot.n12"), ServerFixture.content(70_000, 5));
        server = ServerFixture.start(root, Map.of());
    }

    @AfterClass
    public static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static String port() {
        return Integer.toString(server.address.getPort());
    }

    private static void assertFetched(String client, String file, Path out, ClientProcess.Result result)
            throws IOException {
        assertEquals(client + " " + file + ": " + result.output(), 0, result.exitCode());
        assertTrue(client + " wrote nothing for " + file + ": " + result.output(), Files.exists(out));
        assertArrayEquals(client + " " + file, Files.readAllBytes(root.resolve(file)), Files.readAllBytes(out));
        Files.delete(out);
    }

    private static void curl(int blockSize) throws Exception {
        String curl = ClientProcess.require("curl");
        for (int size : SIZES) {
            String file = "f" + size + ".bin";
            Path out = downloads.resolve("curl-" + blockSize + "-" + file);
            ClientProcess.Result result = ClientProcess.run(List.of(curl, "-sS", "--max-time", "60",
                    "--tftp-blksize", Integer.toString(blockSize), "tftp://127.0.0.1:" + port() + "/" + file,
                    "-o", out.toString()), downloads, 90);
            assertFetched("curl --tftp-blksize " + blockSize, file, out, result);
        }
    }

    @Test
    public void curlBlockSize512() throws Exception {
        curl(512);
    }

    @Test
    public void curlBlockSize1468() throws Exception {
        curl(1468);
    }

    @Test
    public void curlBlockSize8192() throws Exception {
        curl(8192);
    }

    @Test
    public void curlGetsFileNotFound() throws Exception {
        String curl = ClientProcess.require("curl");
        Path out = downloads.resolve("missing");
        ClientProcess.Result result = ClientProcess.run(List.of(curl, "-sS", "--max-time", "20",
                "tftp://127.0.0.1:" + port() + "/missing.bin", "-o", out.toString()), downloads, 30);
        assertEquals("curl's exit code for a TFTP 'file not found': " + result.output(), 68, result.exitCode());
    }

    @Test
    public void tftpHpa() throws Exception {
        String tftp = ClientProcess.require("tftp");
        for (int size : SIZES) {
            String file = "f" + size + ".bin";
            Path out = downloads.resolve("hpa-" + file);
            ClientProcess.Result result = ClientProcess.run(List.of(tftp, "-m", "binary", "127.0.0.1", port(),
                    "-c", "get", file, out.toString()), downloads, 90);
            assertFetched("tftp-hpa", file, out, result);
        }
    }

    @Test
    public void tftpHpaWindowsPath() throws Exception {
        String tftp = ClientProcess.require("tftp");
        Path out = downloads.resolve("pxeboot.n12");
        ClientProcess.Result result = ClientProcess.run(List.of(tftp, "-m", "binary", "127.0.0.1", port(),
                "-c", "get", "\\boot\\x86\\pxeboot.n12", out.toString()), downloads, 60);
        assertEquals(result.output(), 0, result.exitCode());
        assertArrayEquals(Files.readAllBytes(root.resolve("boot/x86/pxeboot.n12")), Files.readAllBytes(out));
    }

    @Test
    public void tftpHpaGetsFileNotFound() throws Exception {
        String tftp = ClientProcess.require("tftp");
        Path out = downloads.resolve("hpa-missing");
        ClientProcess.Result result = ClientProcess.run(List.of(tftp, "-m", "binary", "127.0.0.1", port(),
                "-c", "get", "missing.bin", out.toString()), downloads, 30);
        assertTrue(result.output(), result.output().contains("File not found"));
    }

    @Test
    public void atftpWindowed() throws Exception {
        String atftp = ClientProcess.require("atftp");
        long completedBefore = server.stats().transfersCompleted();
        List<String> failures = new ArrayList<>();
        for (int size : SIZES) {
            String file = "f" + size + ".bin";
            Path out = downloads.resolve("atftp-" + file);
            ClientProcess.Result result = ClientProcess.run(List.of(atftp, "--option", "blksize 1468", "--option",
                    "windowsize 4", "-g", "-r", file, "-l", out.toString(), "127.0.0.1", port()), downloads, 90);
            assertFetched("atftp blksize 1468 windowsize 4", file, out, result);
            if (!result.output().isBlank()) {
                failures.add(result.output());
            }
        }
        TftpStatistics stats = server.statsWhen(s -> s.transfersCompleted() >= completedBefore + SIZES.length);
        assertTrue("every atftp transfer completed: " + stats,
                stats.transfersCompleted() >= completedBefore + SIZES.length);
        assertFalse(failures.toString(), failures.stream().anyMatch(o -> o.contains("error")));
    }

    @Test
    public void atftpGetsFileNotFound() throws Exception {
        String atftp = ClientProcess.require("atftp");
        Path out = downloads.resolve("atftp-missing");
        ClientProcess.Result result = ClientProcess.run(List.of(atftp, "-g", "-r", "missing.bin", "-l", out.toString(),
                "127.0.0.1", port()), downloads, 30);
        assertNotEquals(result.output(), 0, result.exitCode());
        assertTrue(result.output(), result.output().contains("File not found"));
    }
}
