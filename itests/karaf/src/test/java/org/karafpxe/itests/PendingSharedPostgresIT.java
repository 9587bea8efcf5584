package org.karafpxe.itests;

import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.karafpxe.dhcp.DhcpPacket;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Two servers sharing one PostgreSQL: this one (the test's Karaf) and a second distribution started
 * beside it on other ports. A machine held for approval by the second server is in this server's
 * queue, and approving it here releases it there: the second server's waiting script tells it to boot
 * again, and answers it as the device it became.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PendingSharedPostgresIT extends PxeTestSupport {

    private static final String URL = System.getenv("PXE_TEST_POSTGRES_URL");
    /** The second server's ports: the standard ones plus this. */
    private static final int B = 20000;
    private static final String MAC = "52:54:00:00:0b:01";

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(List.of(
                systemProperty("pxe.distro.archive").value(System.getProperty("pxe.distro")),
                editConfigurationFilePut("etc/org.karafpxe.provider.policy.cfg", "approval", "true")));
        if (URL != null) {
            options.addAll(List.of(postgresDataSource(URL)));
        }
        return distribution(options.toArray(new Option[0]));
    }

    @Before
    public void needsPostgres() {
        if (URL == null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("PXE_TEST_POSTGRES_URL is not set: CI must run the PostgreSQL tests (.ci/postgres.sh)");
        }
        Assume.assumeTrue("PostgreSQL tests skipped: PXE_TEST_POSTGRES_URL is not set", URL != null);
    }

    @Test
    public void anApprovalOnOneServerReleasesAMachineWaitingOnAnother() throws Exception {
        cleanUp();
        Path home = secondServer();
        Process b = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .redirectErrorStream(true).redirectOutput(home.resolve("console.log").toFile()).start();
        try (PxeClient client = new PxeClient(LoopbackDistribution.clientPort(B), LoopbackDistribution.proxyPort(B))) {
            await("the second server to answer", Duration.ofSeconds(90),
                    () -> discover(client).isPresent());
            String waiting = discover(client).orElseThrow().file();
            assertTrue(waiting, waiting.matches("ipxe/pending/[a-z2-7]{26}\\.ipxe"));
            String token = waiting.substring("ipxe/pending/".length(), waiting.length() - ".ipxe".length());
            String list = executeCommand("pxe:pending-list");
            assertTrue("this server's queue shows the machine the other holds: " + list, list.contains(MAC));
            // Its DHCP may answer before its HTTP serves scripts: the web container starts apart.
            await("the second server's HTTP to serve the waiting script", Duration.ofSeconds(60),
                    () -> fetchOrNull("ipxe/pending/" + token + ".ipxe") != null);
            String first = fetch("ipxe/pending/" + token + ".ipxe");
            assertTrue(first, first.contains("waits for an administrator's approval"));

            executeCommand("pxe:pending-approve --name shared-01 " + MAC);
            String poll = fetch("ipxe/pending/" + token + "/" + Instant.now().getEpochSecond() + ".ipxe");
            assertTrue("approved here, the other server releases it: " + poll, poll.contains("autoboot"));
            String script = discover(client).orElseThrow().file();
            assertTrue("and answers it as the device it became: " + script, script.startsWith("ipxe/s/"));
        } finally {
            b.descendants().forEach(ProcessHandle::destroy);
            b.destroy();
            b.waitFor(30, TimeUnit.SECONDS);
            cleanUp();
            try (java.util.stream.Stream<Path> files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** What this test leaves in the shared database, removed. */
    private void cleanUp() throws Exception {
        executeCommand("pxe:pending-clear pending rejected approved");
        if (executeCommand("pxe:device-list").contains("shared-01")) {
            executeCommand("pxe:device-remove shared-01");
        }
    }

    private static Optional<DhcpPacket> discover(PxeClient client) {
        try {
            return client.discover(MAC, null, 0, 0, 1000, true);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A file of the second server, or null while it cannot be fetched. */
    private static String fetchOrNull(String path) {
        try {
            return fetch(path);
        } catch (IOException e) {
            return null;
        }
    }

    /** A file of the second server over HTTP. */
    private static String fetch(String path) throws IOException {
        try (InputStream in = new URL("http://127.0.0.1:" + LoopbackDistribution.httpPort(B) + "/boot/" + path).openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The distribution unpacked beside this one, on the same database, listening on ports of its own. */
    private static Path secondServer() throws Exception {
        Path dir = LoopbackDistribution.unpack(System.getProperty("pxe.distro.archive"),
                Path.of(System.getProperty("karaf.base")).getParent(), "second-server", B);
        Path etc = dir.resolve("etc");
        LoopbackDistribution.append(etc.resolve("org.ops4j.datasource-pxe.cfg"),
                "osgi.jdbc.driver.name = PostgreSQL JDBC Driver", "url = " + URL,
                "user = " + System.getenv("PXE_TEST_POSTGRES_USER"),
                "password = " + System.getenv("PXE_TEST_POSTGRES_PASSWORD"));
        LoopbackDistribution.append(etc.resolve("org.karafpxe.provider.policy.cfg"), "approval = true");
        return dir;
    }
}
