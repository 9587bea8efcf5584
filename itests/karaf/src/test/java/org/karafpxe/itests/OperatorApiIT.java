package org.karafpxe.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The operator's API in the running server, through every route: what each answers, the console's
 * words in its refusals, a request without a login refused, a user who may only look refused a
 * change, the browser's session with its cookie, the live events and the metrics.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OperatorApiIT extends PxeTestSupport {
    private static final String BASE = "http://127.0.0.1:" + WEB_PORT;
    private static final String MAC = "52:54:00:00:a1:01";
    private static final String PENDING_MAC = "52:54:00:00:a1:02";
    private static final String REJECTED_MAC = "52:54:00:00:a1:03";
    private static final String GUID = "4c4c4544-0042-3510-8052-b4c04f56a101";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Configuration
    public Option[] config() {
        return distribution();
    }

    private HttpResponse<String> call(String user, String password, String method, String path, String body,
            String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return call(ADMIN, ADMIN_PASSWORD, method, path, body);
    }

    private static void expect(int status, HttpResponse<String> r, String... contains) {
        assertEquals(r.request().method() + " " + r.uri() + ": " + r.body(), status, r.statusCode());
        for (String c : contains) {
            assertTrue(r.request().method() + " " + r.uri() + " should say " + c + ": " + r.body(), r.body().contains(c));
        }
    }

    private void awaitPort() throws InterruptedException {
        await("the operator's port", Duration.ofSeconds(60), () -> {
            try {
                return call(null, null, "GET", "/api/session", null).statusCode() == 401;
            } catch (Exception notYet) {
                return false;
            }
        });
    }

    @Test
    public void withoutALoginNothingIsAnsweredButThePageAndTheLogin() throws Exception {
        awaitPort();
        HttpResponse<String> none = call(null, null, "GET", "/api/devices", null);
        expect(401, none, "\"error\":\"log in first");
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        // The page's own requests get no challenge: the browser would show its password box.
        assertTrue(call(null, null, "GET", "/api/devices", null, "X-Requested-With", "karaf-pxe").headers()
                .firstValue("WWW-Authenticate").isEmpty());
        expect(401, call(null, null, "GET", "/metrics", null));
        expect(401, call(null, null, "GET", "/api/events", null));
        expect(401, call(null, null, "GET", "/api/openapi.json", null));
        long started = System.nanoTime();
        expect(401, call(ADMIN, "wrong", "GET", "/api/devices", null));
        assertTrue("a refused password is answered late", System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(900));
        expect(401, call("karaf", "karaf", "GET", "/api/devices", null));
        HttpResponse<String> page = call(null, null, "GET", "/", null);
        expect(200, page, "<html");
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        expect(200, call(null, null, "GET", "/app.js", null));
        expect(404, call(ADMIN, ADMIN_PASSWORD, "GET", "/nothing", null));
    }

    @Test
    public void aViewerLooksButChangesNothing() throws Exception {
        awaitPort();
        expect(200, call(VIEWER, VIEWER_PASSWORD, "GET", "/api/devices", null));
        expect(200, call(VIEWER, VIEWER_PASSWORD, "GET", "/metrics", null));
        expect(403, call(VIEWER, VIEWER_PASSWORD, "POST", "/api/devices", "{\"name\":\"viewer-01\",\"mac\":\"52:54:00:00:a1:09\"}"),
                "may look but not change");
        expect(404, admin("GET", "/api/devices/viewer-01", null));
    }

    @Test
    public void aBrowserSessionNeedsThePagesHeaderToChangeAnything() throws Exception {
        awaitPort();
        expect(401, call(null, null, "POST", "/api/session", "{\"user\":\"" + ADMIN + "\",\"password\":\"no\"}"),
                "refused");
        HttpResponse<String> login = call(null, null, "POST", "/api/session",
                "{\"user\":\"" + ADMIN + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
        expect(200, login, "\"user\":\"" + ADMIN + "\"", "\"canWrite\":true");
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie, setCookie.toLowerCase().contains("httponly") && setCookie.contains("SameSite=Strict"));
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        expect(200, call(null, null, "GET", "/api/session", null, "Cookie", cookie), ADMIN);
        expect(200, call(null, null, "GET", "/api/policy", null, "Cookie", cookie), "\"mode\"");
        expect(403, call(null, null, "PUT", "/api/policy", "{\"delaySecs\":0}", "Cookie", cookie),
                "X-Requested-With: karaf-pxe");
        expect(200, call(null, null, "PUT", "/api/policy", "{\"delaySecs\":0}", "Cookie", cookie,
                "X-Requested-With", "karaf-pxe"));
        expect(204, call(null, null, "DELETE", "/api/session", null, "Cookie", cookie, "X-Requested-With", "karaf-pxe"));
        expect(401, call(null, null, "GET", "/api/policy", null, "Cookie", cookie));
    }

    @Test
    public void everyRouteAnswersAndRefusesWithTheConsolesWords() throws Exception {
        awaitPort();
        try {
            devicesAndTasks();
            guids();
            policyAndChain();
            pendingMachines();
            countersAndTrail();
        } finally {
            admin("PUT", "/api/policy", "{\"mode\":\"all\",\"approval\":false}");
            for (String d : List.of("api-01", "api-02", "imported-01", "pc-001", "pc-002")) {
                admin("DELETE", "/api/devices/" + d, null);
            }
            admin("DELETE", "/api/banned-guids/" + GUID, null);
            executeCommand("pxe:pending-clear pending rejected approved");
        }
    }

    private void devicesAndTasks() throws Exception {
        expect(201, admin("POST", "/api/devices", "{\"name\":\"api-01\",\"mac\":\"" + MAC + "\",\"group\":\"lab\"}"),
                "\"name\":\"api-01\"", "\"mac\":\"" + MAC + "\"");
        expect(409, admin("POST", "/api/devices", "{\"name\":\"api-02\",\"mac\":\"" + MAC + "\"}"), "api-01");
        expect(400, admin("POST", "/api/devices", "{\"name\":\"api-02\"}"), "needs a MAC or a GUID");
        expect(400, admin("POST", "/api/devices", "{\"name\":\"api-02\",\"mac\":\"zz\"}"), "is not a MAC address");
        expect(400, admin("POST", "/api/devices", "{\"name\":"), "the body is not JSON");
        expect(400, admin("POST", "/api/devices", "{\"name\":\"api-02\",\"mac\":\"52:54:00:00:a1:05\",\"colour\":\"red\"}"),
                "unknown field 'colour'");
        expect(200, admin("GET", "/api/devices?q=lab", null), "api-01");
        expect(200, admin("GET", "/api/devices/api-01", null), "\"group\":\"lab\"");
        expect(404, admin("GET", "/api/devices/nothing-here", null), "no device 'nothing-here'");
        expect(200, admin("PUT", "/api/devices/api-01", "{\"bootProgram\":\"grub/shimx64.efi\",\"group\":null}"),
                "\"bootProgram\":\"grub/shimx64.efi\"", "\"group\":null");
        expect(400, admin("PUT", "/api/devices/api-01", "{\"group\":\"a b\"}"), "invalid group");
        expect(400, admin("PUT", "/api/devices/api-01/task", "{\"script\":\"echo imaging\",\"oneShot\":true}"),
                "whose GRUB cannot run iPXE commands");
        expect(200, admin("PUT", "/api/devices/api-01/task",
                "{\"script\":\"#!grub\\nlinux /vmlinuz\\nboot\",\"oneShot\":true}"), "linux /vmlinuz");
        expect(400, admin("PUT", "/api/devices/api-01/task", "{\"oneShot\":true}"), "give the task one way");
        expect(200, admin("PUT", "/api/devices/api-01/task", "{\"kernel\":\"/k/vmlinuz\",\"initrd\":\"/k/initrd.img\","
                + "\"cmdline\":\"console=ttyS0\"}"), "linux /k/vmlinuz console=ttyS0\\ninitrd /k/initrd.img");
        expect(400, admin("PUT", "/api/devices/api-01/task", "{\"chain\":\"http://192.0.2.1/a.ipxe\"}"),
                "whose GRUB cannot run iPXE commands");
        expect(400, admin("PUT", "/api/devices/api-01/task", "{\"kernel\":\"a b\"}"),
                "invalid kernel 'a b': give one URL or path, without spaces");
        expect(400, admin("PUT", "/api/devices/api-01/task", "{\"initrd\":\"/k/initrd.img\",\"script\":\"boot\"}"),
                "initrd and cmdline go with kernel");
        expect(200, admin("GET", "/api/tasks", null), "api-01");
        expect(204, admin("DELETE", "/api/devices/api-01/task", null));
        expect(200, admin("GET", "/api/devices/api-01", null), "\"task\":null");
        HttpResponse<String> csv = admin("GET", "/api/devices.csv", null);
        expect(200, csv, "name,mac,guid", "api-01");
        expect(200, admin("POST", "/api/devices/import", "name,mac,guid,bootProgram,referralServer,group,taskScript,"
                + "taskOneShot\nimported-01,52:54:00:00:a1:06,,,,,,\n"), "\"added\":1");
        expect(400, admin("POST", "/api/devices/import", "not,a,header\n"));
        expect(204, admin("DELETE", "/api/devices/imported-01", null));
        expect(404, admin("DELETE", "/api/devices/imported-01", null));
        expect(405, admin("PATCH", "/api/devices", "{}"), "PATCH is not allowed");
        expect(404, admin("GET", "/api/nothing", null), "/api/openapi.json");
    }

    private void guids() throws Exception {
        expect(201, admin("POST", "/api/banned-guids", "{\"guid\":\"{" + GUID.toUpperCase() + "}\",\"reason\":\"cloned\"}"),
                GUID, "cloned");
        expect(200, admin("GET", "/api/banned-guids", null), GUID);
        expect(400, admin("POST", "/api/banned-guids", "{\"guid\":\"nope\"}"), "is not a GUID");
        expect(200, admin("GET", "/api/duplicate-guids", null));
        expect(204, admin("DELETE", "/api/banned-guids/" + GUID, null));
        expect(404, admin("DELETE", "/api/banned-guids/" + GUID, null), "is not banned");
    }

    private void policyAndChain() throws Exception {
        expect(200, admin("GET", "/api/policy", null), "\"mode\":\"all\"", "\"bootFiles\"");
        expect(400, admin("PUT", "/api/policy", "{\"mode\":\"some\"}"), "use all, known");
        expect(400, admin("PUT", "/api/policy", "{\"delaySecs\":70000}"), "0 to 65535");
        expect(400, admin("PUT", "/api/policy", "{\"bootFiles\":{\"arm128\":\"x.efi\"}}"), "is not an architecture");
        expect(200, admin("PUT", "/api/policy", "{\"mode\":\"known\"}"), "\"mode\":\"known\"");
        await("the chain to take the policy", Duration.ofSeconds(30), () -> {
            try {
                return admin("POST", "/api/explain", "{\"mac\":\"52:54:00:00:a1:07\",\"arch\":\"x64-uefi\"}").body()
                        .contains("\"outcome\":\"IGNORE\"");
            } catch (Exception e) {
                return false;
            }
        });
        expect(200, admin("PUT", "/api/policy", "{\"mode\":\"all\"}"), "\"mode\":\"all\"");
        expect(400, admin("POST", "/api/explain", "{\"mac\":\"52:54:00:00:a1:07\",\"port\":99}"), "use 67");
        expect(200, admin("GET", "/api/providers", null), "\"name\":\"prestaged\"", "\"name\":\"policy\"");
        expect(200, admin("GET", "/api/architectures", null), "x64-uefi");
    }

    private void pendingMachines() throws Exception {
        expect(200, admin("PUT", "/api/policy", "{\"approval\":true}"), "\"approval\":true");
        try (PxeClient client = new PxeClient(CLIENT_PORT, PROXY_PORT)) {
            await("the machines to be held", Duration.ofSeconds(30), () -> {
                try {
                    client.discover(PENDING_MAC, null, 0, 0, 1000);
                    client.discover(REJECTED_MAC, null, 0, 0, 1000);
                    String list = admin("GET", "/api/pending", null).body();
                    return list.contains(PENDING_MAC) && list.contains(REJECTED_MAC);
                } catch (Exception e) {
                    return false;
                }
            });
        }
        String list = admin("GET", "/api/pending", null).body();
        String pendingId = idOf(list, PENDING_MAC);
        String rejectedId = idOf(list, REJECTED_MAC);
        expect(200, admin("POST", "/api/pending/" + pendingId + "/approve", "{\"name\":\"api-02\"}"),
                "\"name\":\"api-02\"", PENDING_MAC);
        expect(409, admin("POST", "/api/pending/" + pendingId + "/approve", ""), "already approved");
        expect(204, admin("POST", "/api/pending/" + rejectedId + "/reject", null));
        expect(200, admin("GET", "/api/pending", null), "\"state\":\"rejected\"");
        expect(204, admin("DELETE", "/api/pending/" + rejectedId, null));
        expect(404, admin("POST", "/api/pending/999999/reject", null), "no pending machine 999999");
        expect(400, admin("DELETE", "/api/pending?state=forgotten", null), "is not a state of the pending queue");
        expect(200, admin("DELETE", "/api/pending?state=approved", null), "\"deleted\":1");
    }

    private static String idOf(String list, String mac) {
        Matcher m = Pattern.compile("\\{\"id\":(\\d+),\"mac\":\"" + mac + "\"").matcher(list);
        assertTrue(list, m.find());
        return m.group(1);
    }

    private void countersAndTrail() throws Exception {
        // A live stream, then a client: its decision arrives as an event.
        HttpRequest events = HttpRequest.newBuilder(URI.create(BASE + "/api/events")).header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString((ADMIN + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .build();
        HttpResponse<InputStream> stream = http.send(events, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        CompletableFuture<String> decision = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                boolean next = false;
                while ((line = r.readLine()) != null) {
                    if (next && line.startsWith("data: ") && line.contains(MAC)) {
                        return line;
                    }
                    next = line.equals("event: decision") || (next && !line.isEmpty());
                }
                return "the stream ended";
            } catch (Exception e) {
                return e.toString();
            }
        });
        try (PxeClient client = new PxeClient(CLIENT_PORT, PROXY_PORT)) {
            // The stream looks twice a second: ask until the decision shows (the first request may precede it).
            await("the decision as a live event", Duration.ofSeconds(30), () -> {
                try {
                    client.discover(MAC, UUID.fromString(GUID), 7, 0, 500);
                } catch (Exception e) {
                    return false;
                }
                return decision.isDone();
            });
        }
        String event = decision.get(5, TimeUnit.SECONDS);
        assertTrue(event, event.contains("\"port\":67") && event.contains("\"arch\":\"x64-uefi\""));
        stream.body().close();

        expect(200, admin("GET", "/api/requests?n=10", null), MAC, "\"decidedBy\"");
        expect(400, admin("GET", "/api/requests?n=0", null), "1 to 100000");
        expect(200, admin("GET", "/api/dhcp/stats", null), "\"listeners\"", "\"answered.offer\"");
        expect(200, admin("GET", "/api/tftp/stats", null), "\"transfersCompleted\"");
        expect(200, admin("GET", "/api/tftp/sessions", null));
        expect(200, admin("GET", "/api/tftp/transfers?n=5", null));
        // A request to the boot-file port is listed among the HTTP requests answered last.
        URI missing = URI.create("http://127.0.0.1:" + HTTP_PORT + "/boot/api-missing.efi");
        await("an HTTP boot-file request listed", Duration.ofSeconds(60), () -> {
            try {
                http.send(HttpRequest.newBuilder(missing).build(), HttpResponse.BodyHandlers.discarding());
                return admin("GET", "/api/http/fetches?n=20", null).body().contains("\"path\":\"api-missing.efi\"");
            } catch (Exception notYet) {
                return false;
            }
        });
        expect(200, admin("GET", "/api/http/fetches?n=20", null), "\"kind\":\"file\",\"status\":404");
        expect(200, admin("GET", "/api/audit?subject=api-01&n=20", null), "\"actor\":\"" + ADMIN + "\"",
                "\"action\":\"device-add\"");
        expect(400, admin("GET", "/api/audit?since=yesterday", null), "give an instant");
        expect(200, admin("GET", "/api/openapi.json", null), "\"openapi\": \"3.0.3\"");
        HttpResponse<String> metrics = admin("GET", "/metrics", null);
        expect(200, metrics, "# TYPE pxe_requests_total counter", "pxe_requests_total{port=\"67\",client=\"PXE\"",
                "pxe_chain_decision_seconds_bucket{le=\"+Inf\"}", "pxe_dhcp_received_total{family=\"4\"}",
                "pxe_tftp_requests_total", "pxe_store_operation_seconds_bucket{kind=\"write\",le=\"+Inf\"}",
                "process_cpu_seconds_total", "jvm_memory_used_bytes{area=\"heap\"}");
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        Object jmx = java.lang.management.ManagementFactory.getPlatformMBeanServer().getAttribute(
                new javax.management.ObjectName("org.karafpxe:type=Metrics"), "pxe_tftp_requests_total");
        assertTrue("the same figures over JMX: " + jmx, jmx instanceof Double);
    }

    /**
     * HTTPS from PEM files (a self-signed certificate and PKCS#8 key made by openssl): the API answers
     * over TLS, the session cookie is Secure, the clear text is refused on the same port; a key that
     * cannot be read keeps the port closed rather than serve the API in the clear.
     */
    @Test
    public void theOperatorsPortServesHttpsFromPemFilesOrStaysClosed() throws Exception {
        awaitPort();
        Path dir = Files.createTempDirectory("web-tls");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
                "subjectAltName=IP:127.0.0.1").redirectErrorStream(true).start();
        String made = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("openssl made a certificate: " + made, openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trusted.setCertificateEntry("web", CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(
                TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        URI session = URI.create("https://127.0.0.1:" + WEB_PORT + "/api/session");
        Map<String, String> off = new HashMap<>();
        off.put("tls.certificate", null);
        off.put("tls.key", null);
        try {
            configure("org.karafpxe.web", Map.of("tls.certificate", cert.toString(), "tls.key", key.toString()));
            await("the operator's port over HTTPS", Duration.ofSeconds(60), () -> {
                try {
                    return https.send(HttpRequest.newBuilder(session).build(), HttpResponse.BodyHandlers.ofString())
                            .statusCode() == 401;
                } catch (Exception notYet) {
                    return false;
                }
            });
            HttpResponse<String> devices = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + WEB_PORT
                    + "/api/devices")).header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (ADMIN + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            expect(200, devices);
            HttpResponse<String> login = https.send(HttpRequest.newBuilder(session).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"user\":\"" + ADMIN + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            expect(200, login, "\"user\":\"" + ADMIN + "\"");
            String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(setCookie, Arrays.stream(setCookie.split(";")).map(String::strip)
                    .anyMatch("Secure"::equalsIgnoreCase));
            try {
                HttpResponse<String> clear = call(ADMIN, ADMIN_PASSWORD, "GET", "/api/devices", null);
                throw new AssertionError("answered in the clear on the HTTPS port: " + clear.statusCode());
            } catch (IOException refused) {
                // the TLS handler closes a connection that does not start with a TLS record
            }

            configure("org.karafpxe.web", Map.of("tls.certificate", cert.toString(), "tls.key",
                    dir.resolve("missing.pem").toString()));
            await("a key that cannot be read logged", Duration.ofSeconds(60), () -> logged("cannot serve HTTPS with "
                    + "tls.certificate " + cert + " and tls.key " + dir.resolve("missing.pem")));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", WEB_PORT), 5000);
                throw new AssertionError("the operator's port is open without its key");
            } catch (ConnectException closed) {
                // the port stays closed rather than serve the API in the clear
            }
        } finally {
            configure("org.karafpxe.web", off);
            awaitPort();
            try (Stream<Path> files = Files.list(dir)) {
                files.forEach(f -> f.toFile().delete());
            }
            Files.delete(dir);
        }
    }
}
