package org.karafpxe.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.karafpxe.api.Architecture;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.api.MacAddress;
import org.karafpxe.engine.BootChain;
import org.karafpxe.engine.ChainResult;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.PolicyStore;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** Boot files over HTTP from the distribution: the same bytes as TFTP, ranges, HEAD, confinement, the task callback. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpIT extends PxeTestSupport {

    @Inject
    private PolicyStore store;

    @Inject
    private BootChain chain;

    @Configuration
    public Option[] config() {
        return distribution();
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static String url(String name) {
        return "http://127.0.0.1:" + HTTP_PORT + "/boot/" + name;
    }

    private static HttpResponse<byte[]> get(String name, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(name))).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> awaitServer(String name) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                HttpResponse<byte[]> r = get(name);
                if (r.statusCode() != 404 || System.nanoTime() > end) {
                    return r;
                }
            } catch (java.io.IOException e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
            }
            Thread.sleep(250);
        }
    }

    @Test
    public void servesTheSameBytesAsTftpWithRangesAndHead() throws Exception {
        byte[] image = new byte[5 * 1024 * 1024 + 3];
        new Random(3).nextBytes(image);
        Path tftpboot = Path.of(System.getProperty("karaf.base"), "tftpboot");
        Files.createDirectories(tftpboot.resolve("images"));
        Files.write(tftpboot.resolve("images/test.img"), image);

        HttpResponse<byte[]> whole = awaitServer("images/test.img");
        assertEquals(200, whole.statusCode());
        assertArrayEquals(image, whole.body());

        Path viaTftp = Files.createTempFile("tftp", ".img");
        Process curl = new ProcessBuilder("curl", "-s", "-o", viaTftp.toString(), "--tftp-blksize", "1468",
                "tftp://127.0.0.1:" + TFTP_PORT + "/images\\test.img").redirectErrorStream(true).start();
        assertTrue(curl.waitFor(60, TimeUnit.SECONDS));
        assertArrayEquals("HTTP and TFTP serve the same bytes", whole.body(), Files.readAllBytes(viaTftp));

        HttpResponse<byte[]> part = get("images/test.img", "Range", "bytes=100-199");
        assertEquals(206, part.statusCode());
        assertArrayEquals(Arrays.copyOfRange(image, 100, 200), part.body());
        assertEquals("bytes 100-199/" + image.length, part.headers().firstValue("Content-Range").orElseThrow());
        HttpResponse<byte[]> tail = get("images/test.img", "Range", "bytes=-10");
        assertArrayEquals(Arrays.copyOfRange(image, image.length - 10, image.length), tail.body());
        assertEquals(416, get("images/test.img", "Range", "bytes=" + image.length + "-").statusCode());

        HttpResponse<Void> head = HTTP.send(HttpRequest.newBuilder(URI.create(url("images/test.img")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(200, head.statusCode());
        assertEquals(String.valueOf(image.length), head.headers().firstValue("Content-Length").orElseThrow());

        assertEquals(404, get("images/missing.img").statusCode());
        assertEquals(403, get("..%5C..%5Cetc%5Cpasswd").statusCode());
    }

    @Test
    public void iPxeScriptsAndTheCompletionCallback() throws Exception {
        awaitServer("ipxe/default.ipxe");
        String local = new String(get("ipxe/default.ipxe").body());
        assertTrue(local, local.startsWith("#!ipxe") && local.contains("exit 1"));

        Device d = store.add(DeviceDraft.builder("http-01").mac("52:54:00:ee:01:01").build());
        store.setTask("http-01", Optional.of(BootTask.everyBoot("kernel http://127.0.0.1/vmlinuz\nboot")));
        assertEquals("a device's id names no script", 404, get("ipxe/device-" + d.id() + ".ipxe").statusCode());
        // The script named in the answer to the device's iPXE.
        BootRequest ipxe = BootRequest.builder(MacAddress.parse("52:54:00:ee:01:01").orElseThrow(),
                InetAddress.getLoopbackAddress()).architecture(Architecture.X64_UEFI).userClasses(List.of("iPXE")).build();
        ChainResult answer = chain.decide(ipxe).toCompletableFuture().get(5, TimeUnit.SECONDS);
        String script = ((Decision.Service) answer.decision()).answer().bootFile();
        assertTrue(script, script.matches("ipxe/s/[a-z2-7]{26}\\.ipxe"));
        String task = new String(get(script).body());
        assertTrue(task, task.contains("kernel http://127.0.0.1/vmlinuz"));

        String line = task.lines().filter(l -> l.startsWith("set pxe-done ")).findFirst().orElseThrow();
        String callback = line.substring("set pxe-done ".length());
        assertTrue(callback, callback.startsWith(d.id() + "/"));
        assertEquals("the id alone is no callback", 404, get("done/" + d.id()).statusCode());
        HttpResponse<byte[]> guessed = HTTP.send(HttpRequest.newBuilder(URI.create(url("done/" + d.id() + "/"
                + "a".repeat(26)))).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, guessed.statusCode());
        assertTrue("a wrong secret clears nothing", store.find(d.id()).orElseThrow().task().isPresent());
        HttpResponse<byte[]> done = HTTP.send(HttpRequest.newBuilder(URI.create(url("done/" + callback)))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(new String(done.body()), 200, done.statusCode());
        assertEquals("the same answer either way", new String(guessed.body()), new String(done.body()));
        assertFalse("the callback cleared the task", store.find(d.id()).orElseThrow().task().isPresent());
        assertEquals(400, get("done/abc/def").statusCode());
        store.remove("http-01");
    }
}
