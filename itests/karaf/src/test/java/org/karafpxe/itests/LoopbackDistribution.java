package org.karafpxe.itests;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The built distribution unpacked for a test that starts it as an operator does ({@code bin/karaf
 * server}), listening on loopback only, each port the standard one plus an offset of its own so
 * that it runs beside the test's Karaf: proxy 6767, PXE 4011, client 6768, TFTP 6969, HTTP 8080,
 * SSH 8101, the operator's port 8180, each plus {@code offset}.
 */
final class LoopbackDistribution {

    private LoopbackDistribution() {
    }

    static int proxyPort(int offset) {
        return offset + 6767;
    }

    static int clientPort(int offset) {
        return offset + 6768;
    }

    static int tftpPort(int offset) {
        return offset + 6969;
    }

    static int httpPort(int offset) {
        return offset + 8080;
    }

    static int webPort(int offset) {
        return offset + 8180;
    }

    /** The archive unpacked into a new folder under {@code parent}, its ports moved by {@code offset}. */
    static Path unpack(String archive, Path parent, String prefix, int offset) throws Exception {
        Path dir = Files.createTempDirectory(parent, prefix).toAbsolutePath();
        Process tar = new ProcessBuilder("tar", "-xzf", archive, "-C", dir.toString(), "--strip-components=1")
                .inheritIO().start();
        assertTrue("tar did not unpack the distribution", tar.waitFor(60, TimeUnit.SECONDS) && tar.exitValue() == 0);
        Path etc = dir.resolve("etc");
        append(etc.resolve("org.karafpxe.dhcp.cfg"), "proxy.address = 127.0.0.1", "proxy.port = " + proxyPort(offset),
                "pxe.address = 127.0.0.1", "pxe.port = " + (offset + 4011), "client.port = " + clientPort(offset),
                "broadcast.address = 127.0.0.1", "v6.enabled = false");
        append(etc.resolve("org.karafpxe.tftp.cfg"), "address = 127.0.0.1", "port = " + tftpPort(offset));
        append(etc.resolve("org.ops4j.pax.web.cfg"), "org.osgi.service.http.port = " + httpPort(offset));
        append(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort = " + (offset + 8101));
        append(etc.resolve("org.karafpxe.web.cfg"), "port = " + webPort(offset));
        return dir;
    }

    /** Appends settings to a .cfg file: a later line of a key wins over an earlier one. */
    static void append(Path cfg, String... lines) throws IOException {
        Files.writeString(cfg, Files.readString(cfg) + "\n" + String.join("\n", lines) + "\n");
    }
}
