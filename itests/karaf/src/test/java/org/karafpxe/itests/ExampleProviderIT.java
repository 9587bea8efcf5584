package org.karafpxe.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.karafpxe.dhcp.DhcpPacket;
import org.karafpxe.engine.BootChain;
import org.karafpxe.engine.ProviderStatus;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The example provider of {@code examples/lab-provider}, built from its own folder, deployed the
 * way its README says: its jar into deploy/, its .cfg into etc/. Then it is replaced 20 times
 * while a scripted client boots, and every request is answered by a live provider.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ExampleProviderIT extends PxeTestSupport {

    private static final String LAB_MAC = "52:54:00:77:66:55";

    @Inject
    private BootChain chain;

    @Inject
    private org.apache.karaf.features.FeaturesService features;

    @Configuration
    public Option[] config() {
        // The scripted client asks for one MAC a few times a second, far more than firmware does.
        return distribution(editConfigurationFilePut("etc/org.karafpxe.dhcp.cfg", "answers.per.client", "0"));
    }

    private List<ProviderStatus> labEntries() {
        return chain.providers().stream().filter(p -> p.name().equals("lab")).toList();
    }

    /** The lab provider when it is in the chain exactly once, from one look at the chain. */
    private Optional<ProviderStatus> onlyLab() {
        List<ProviderStatus> lab = labEntries();
        return lab.size() == 1 ? Optional.of(lab.get(0)) : Optional.empty();
    }

    @Test
    public void theExampleJoinsAtItsRankingDecidesAndSurvivesTwentyReplacements() throws Exception {
        Path example = Paths.get(System.getProperty("pxe.example.dir"));
        Path built = example.resolve("target/com.example.pxe.lab-1.0.0.jar");
        assertTrue("the example is built before the itests: " + built, Files.isRegularFile(built));
        Path etc = Paths.get(System.getProperty("karaf.etc"));
        Path deployed = Paths.get(System.getProperty("karaf.base"), "deploy", "com.example.pxe.lab-1.0.0.jar");
        Files.copy(example.resolve("com.example.pxe.lab.cfg"), etc.resolve("com.example.pxe.lab.cfg"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(built, deployed, StandardCopyOption.REPLACE_EXISTING);

        await("the example provider in the chain at ranking 350", Duration.ofSeconds(60),
                () -> onlyLab().filter(lab -> lab.ranking() == 350).isPresent());
        String providers = executeCommand("pxe:providers");
        assertTrue(providers, providers.matches("(?s).*3\\s*\\|\\s*lab\\s*\\|\\s*350\\s*\\|.*"));
        String explained = executeCommand("pxe:explain --mac " + LAB_MAC + " --arch x64-uefi");
        assertTrue(explained, explained.matches("(?s).*lab\\s*\\|\\s*350\\s*\\|\\s*SERVICE\\s*\\|\\s*lab machine.*"));
        assertTrue(explained, explained.contains("Decision: SERVICE by lab: boot lab/snponly.efi"));

        // A scripted client boots over and over while the bundle is replaced.
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger asked = new AtomicInteger();
        AtomicInteger unanswered = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread client = new Thread(() -> {
            try (PxeClient pxe = new PxeClient(CLIENT_PORT, PROXY_PORT)) {
                while (running.get()) {
                    asked.incrementAndGet();
                    Optional<DhcpPacket> offer = pxe.discover(LAB_MAC, UUID.randomUUID(), 7, 0, 2000);
                    if (offer.isEmpty()) {
                        unanswered.incrementAndGet();
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "scripted-pxe-client");
        client.start();
        try {
            long previous = labEntries().get(0).serviceId();
            for (int i = 1; i <= 20; i++) {
                Files.copy(built, deployed, StandardCopyOption.REPLACE_EXISTING);
                Files.setLastModifiedTime(deployed, FileTime.fromMillis(System.currentTimeMillis() + i * 2000L));
                long before = previous;
                await("replacement " + i + " of the example in the chain", Duration.ofSeconds(60),
                        () -> onlyLab().filter(lab -> lab.serviceId() != before).isPresent());
                previous = labEntries().get(0).serviceId();
            }
        } finally {
            running.set(false);
            client.join(10_000);
        }
        assertEquals(null, failure.get());
        assertTrue("the client kept asking: " + asked.get(), asked.get() >= 20);
        assertEquals("requests without an answer, of " + asked.get(), 0, unanswered.get());
        assertEquals("exactly one live lab provider, none stale: " + chain.providers(), 1, labEntries().size());
        assertTrue(chain.providers().stream().allMatch(p -> p.errors() == 0));

        Files.delete(deployed);
        await("the example to leave the chain", Duration.ofSeconds(60), () -> labEntries().isEmpty());
        Files.deleteIfExists(etc.resolve("com.example.pxe.lab.cfg"));
    }

    @Test
    public void theHttpProviderAsksARealServiceAndMapsItsAnswer() throws Exception {
        com.sun.net.httpserver.HttpServer service = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        AtomicReference<String> received = new AtomicReference<>();
        service.createContext("/decide", exchange -> {
            received.set(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            byte[] body = "{\"action\":\"service\",\"bootFile\":\"from-service.efi\",\"reason\":\"inventory says so\"}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        service.start();
        Path cfg = Paths.get(System.getProperty("karaf.etc"), "org.karafpxe.provider.http.cfg");
        try {
            Files.writeString(cfg, "service.ranking = 450\nurl = http://127.0.0.1:" + service.getAddress().getPort()
                    + "/decide\ntimeout.ms = 200\n");
            features.installFeature("karaf-pxe-provider-http");
            await("the http provider in the chain", Duration.ofSeconds(60),
                    () -> chain.providers().stream().anyMatch(p -> p.name().equals("http") && p.ranking() == 450));
            // The provider's first call loads the HTTP client's classes, which on two busy cores has taken
            // just over its 200 ms (it then passes, as it should); the calls after it are quick.
            String explained = "";
            for (int attempt = 1; attempt <= 20; attempt++) {
                explained = executeCommand("pxe:explain --mac 00:11:22:33:44:55 --arch x64-uefi");
                if (explained.contains("Decision: SERVICE by http: boot from-service.efi")) {
                    break;
                }
                Thread.sleep(500);
            }
            assertTrue(explained, explained.contains("Decision: SERVICE by http: boot from-service.efi"));
            assertTrue(received.get(), received.get().contains("\"mac\":\"00:11:22:33:44:55\"")
                    && received.get().contains("\"architecture\":\"x64-uefi\""));
        } finally {
            // Also after a failure, so that the other test here sees the chain without it.
            if (features.isInstalled(features.getFeature("karaf-pxe-provider-http"))) {
                features.uninstallFeature("karaf-pxe-provider-http");
            }
            Files.deleteIfExists(cfg);
            service.stop(0);
        }
    }
}
