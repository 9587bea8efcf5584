package org.karafpxe.tftp.internal;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import org.karafpxe.tftp.TftpStatistics;

/**
 * A 200 MiB file at 512-byte blocks is 409,600 blocks: the 16-bit block number rolls over six times, and
 * the file must still arrive intact at curl, which follows the rollover from 65535 to 0.
 */
public class TftpLargeFileTest {

    private static final long SIZE = 200L << 20;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Rule
    public Timeout timeout = Timeout.seconds(300);

    @Test
    public void curlFetches200MiBAcrossBlockNumberRollover() throws Exception {
        String curl = ClientProcess.require("curl");
        Path root = temp.newFolder("tftproot").toPath();
        Path downloads = temp.newFolder("downloads").toPath();
        Path file = root.resolve("large.img");
        Path out = downloads.resolve("large.img");
        try {
            String expected = ServerFixture.writeLarge(file, SIZE, 200);
            try (ServerFixture server = ServerFixture.start(root, Map.of())) {
                ClientProcess.Result result = ClientProcess.run(List.of(curl, "-sS", "--max-time", "240",
                        "--tftp-blksize", "512", "tftp://127.0.0.1:" + server.address.getPort() + "/large.img",
                        "-o", out.toString()), downloads, 260);
                assertEquals(result.output(), 0, result.exitCode());
                assertEquals(SIZE, Files.size(out));
                assertEquals("SHA-256 of what arrived", expected, ServerFixture.sha256(out));
                TftpStatistics stats = server.statsWhen(s -> s.transfersCompleted() == 1);
                assertEquals(1, stats.transfersCompleted());
                assertEquals(SIZE, stats.bytesSent());
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(out);
        }
    }
}
