package org.karafpxe.provider.http.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.karafpxe.api.Architecture;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.api.ExchangePort;
import org.karafpxe.api.MacAddress;
import org.karafpxe.api.RawOptions;
import org.karafpxe.support.CheckedConfig;
import org.karafpxe.support.Json;

/** Against a real HTTP server on 127.0.0.1. */
public class HttpDelegateProviderTest {
    private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56").orElseThrow();
    private static final MacAddress OTHER_MAC = MacAddress.parse("52:54:00:12:34:57").orElseThrow();
    private static final UUID GUID = UUID.fromString("8b6b6f3e-1c9a-4e55-9d3a-0a1b2c3d4e5f");
    private static final String PATH = "/pxe/decide";
    private static final long SECOND = 1_000_000_000L;

    /** What the test server answers. */
    private record Reply(int status, String body, long delayMillis) {
    }

    /** A request as the test server received it. */
    record Received(String method, String path, Headers headers, String body) {
    }

    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Reply reply = new Reply(204, "", 0);
    private ExecutorService serverThreads;
    private HttpServer server;
    private String url;
    private HttpDelegateProvider provider;

    @Before
    public void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.createContext(PATH, this::handle);
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
        provider = new HttpDelegateProvider(clock::get);
    }

    @After
    public void stop() {
        provider.deactivate();
        release.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders(), new String(body, StandardCharsets.UTF_8)));
        Reply r = reply;
        if (r.delayMillis() > 0) {
            try {
                release.await(r.delayMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
        try (OutputStream os = exchange.getResponseBody()) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(r.status(), out.length == 0 ? -1 : out.length);
            os.write(out);
        } catch (IOException e) {
            // The client gave up (a timeout test).
        }
    }

    private void configure(String... keyValues) {
        // A generous timeout unless a test is about timeouts: a loaded machine must not fail the others.
        Map<String, Object> p = new HashMap<>(Map.of("url", url, "timeout.ms", "5000"));
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put(keyValues[i], keyValues[i + 1]);
        }
        provider.configure(CheckedConfig.of(HttpDelegateProvider.Config.class, null, p));
    }

    private void answer(int status, String body) {
        reply = new Reply(status, body, 0);
    }

    private static BootRequest.Builder request(MacAddress mac) {
        return BootRequest.builder(mac, InetAddress.getLoopbackAddress()).guid(GUID).architecture(Architecture.X64_UEFI);
    }

    private Decision decide(BootRequest request) {
        return provider.decide(request);
    }

    private Decision decide() {
        return decide(request(MAC).build());
    }

    private static Decision.Service service(Decision d) {
        assertTrue(d.toString(), d instanceof Decision.Service);
        return (Decision.Service) d;
    }

    private static void assertPass(Decision d, String reason) {
        assertTrue(d.toString(), d instanceof Decision.Pass);
        assertEquals(reason, d.reason());
    }

    private static void assertPassContaining(Decision d, String reasonPart) {
        assertTrue(d.toString(), d instanceof Decision.Pass);
        assertTrue(d.reason(), d.reason().contains(reasonPart));
    }

    private Received onlyReceived() throws InterruptedException {
        Received r = received.poll(5, TimeUnit.SECONDS);
        assertTrue("the server got the request", r != null);
        assertTrue("one request only: " + received, received.isEmpty());
        return r;
    }

    private static Map<?, ?> json(String body) throws Json.MalformedException {
        return (Map<?, ?>) Json.parse(body);
    }

    // --- the answers ---------------------------------------------------------------------------

    @Test
    public void serviceAnswerIsTheBootProgram() {
        configure();
        answer(200, "{\"action\":\"service\",\"bootFile\":\"ipxe/snponly.efi\",\"reason\":\"lab pool\",\"extra\":[1]}");
        Decision.Service s = service(decide());
        assertEquals("ipxe/snponly.efi", s.answer().bootFile());
        assertFalse(s.answer().isReferral());
        assertFalse(s.answer().localBoot());
        assertEquals("HTTP service: ipxe/snponly.efi (lab pool)", s.reason());
        assertEquals(1, provider.counters().answers(Answered.SERVICE));
    }

    @Test
    public void serviceAnswerWithABootServerIsAReferral() throws Exception {
        configure();
        answer(200, "{\"action\":\"service\",\"bootFile\":\"boot\\\\x64\\\\wdsnbp.com\",\"bootServer\":\"192.0.2.7\"}");
        Decision.Service s = service(decide());
        assertTrue(s.answer().isReferral());
        assertEquals(InetAddress.getByName("192.0.2.7"), s.answer().bootServer().get());
        assertEquals("boot\\x64\\wdsnbp.com", s.answer().bootFile());
        assertEquals("HTTP service: boot\\x64\\wdsnbp.com on boot server 192.0.2.7", s.reason());
    }

    @Test
    public void abortBootsLocally() {
        configure();
        answer(200, "{\"action\":\"service\",\"bootFile\":\"abort\",\"bootServer\":null,\"reason\":\"installed\"}");
        Decision.Service s = service(decide());
        assertTrue(s.answer().localBoot());
        assertEquals("HTTP service: abort (local boot) (installed)", s.reason());
    }

    @Test
    public void ignoreAndPassCarryTheServiceReason() {
        configure("cache.ttl.s", "0");
        answer(200, "{\"action\":\"ignore\",\"reason\":\"quarantined\\nVLAN\"}");
        Decision ignore = decide();
        assertTrue(ignore instanceof Decision.Ignore);
        assertEquals("one line, for the trace", "HTTP service: ignore (quarantined VLAN)", ignore.reason());
        answer(200, "{\"action\":\"pass\"}");
        assertPass(decide(), "HTTP service: pass");
        answer(200, "{\"action\":\"pass\",\"reason\":\"" + "x".repeat(500) + "\"}");
        assertEquals("long reasons are cut", "HTTP service: pass (" + "x".repeat(200) + "...)", decide().reason());
        assertEquals(1, provider.counters().answers(Answered.IGNORE));
        assertEquals(2, provider.counters().answers(Answered.PASS));
    }

    @Test
    public void noContentAndNotFoundPass() {
        configure("cache.ttl.s", "0");
        answer(204, "");
        assertPass(decide(), "HTTP service: no answer (204)");
        answer(404, "{\"error\":\"no such machine\"}");
        assertPass(decide(), "HTTP service: client unknown to the service (404)");
        assertEquals(1, provider.counters().answers(Answered.NO_CONTENT));
        assertEquals(1, provider.counters().answers(Answered.NOT_FOUND));
        assertEquals(0, provider.counters().errors());
    }

    // --- failures ------------------------------------------------------------------------------

    @Test
    public void otherStatusesAreErrors() {
        configure("cache.ttl.s", "0");
        answer(500, "oops");
        assertPass(decide(), "HTTP service failed: HTTP status 500 (expected 200, 204 or 404); passing on");
        answer(302, "");
        assertPassContaining(decide(), "HTTP status 302");
        answer(201, "{\"action\":\"service\",\"bootFile\":\"x\"}");
        assertPassContaining(decide(), "HTTP status 201");
        assertEquals(3, provider.counters().errors(CallError.STATUS));
    }

    @Test
    public void onErrorIgnoreKeepsTheClientUnanswered() {
        configure("on.error", "ignore");
        answer(503, "");
        Decision d = decide();
        assertTrue(d instanceof Decision.Ignore);
        assertEquals("HTTP service failed: HTTP status 503 (expected 200, 204 or 404); ignoring the client "
                + "(on.error = ignore)", d.reason());
    }

    @Test
    public void malformedAnswersAreErrors() {
        configure("cache.ttl.s", "0");
        String[][] cases = {
            {"{\"action\":\"service\",", "the answer is not JSON (at character 21: expected a member name in double "
                    + "quotes, found the end of the text)"},
            {"", "the answer is not JSON (at character 1: expected a value, found the end of the text)"},
            {"[\"service\"]", "the answer is not a JSON object"},
            {"{\"bootFile\":\"x\"}", "the answer has no \"action\""},
            {"{\"action\":1}", "\"action\" is not a string"},
            {"{\"action\":\"pass\",\"reason\":5}", "\"reason\" is not a string"},
            {"{\"action\":\"service\"}", "a service answer without \"bootFile\""},
            {"{\"action\":\"service\",\"bootFile\":7}", "\"bootFile\" is not a string"},
            {"{\"action\":\"service\",\"bootFile\":\" \"}", "\"bootFile\" is empty or has control characters"},
            {"{\"action\":\"service\",\"bootFile\":\"a\\u0000b\"}", "\"bootFile\" is empty or has control characters"},
            {"{\"action\":\"service\",\"bootFile\":\"x\",\"bootServer\":\"wds.example\"}",
                "\"bootServer\" 'wds.example' is not an IPv4 address"},
            {"{\"action\":\"service\",\"bootFile\":\"x\",\"bootServer\":\"192.0.2.300\"}",
                "\"bootServer\" '192.0.2.300' is not an IPv4 address"},
            {"{\"action\":\"service\",\"bootFile\":\"x\",\"bootServer\":\"2001:db8::1\"}",
                "\"bootServer\" '2001:db8::1' is not an IPv4 address"},
            {"{\"action\":\"service\",\"bootFile\":\"x\",\"bootServer\":[]}", "\"bootServer\" is not a string"},
            {"{\"action\":\"service\",\"bootFile\":\"abort\",\"bootServer\":\"192.0.2.7\"}",
                "\"bootFile\" abort (boot locally) cannot come from a \"bootServer\""},
            {"{\"action\":\"pass\",\"action\":\"service\"}", "duplicate member \"action\""},
        };
        for (String[] c : cases) {
            answer(200, c[0]);
            Decision d = decide();
            assertTrue(c[0] + ": " + d, d instanceof Decision.Pass);
            assertTrue(c[0] + ": " + d.reason(), d.reason().startsWith("HTTP service failed: "));
            assertTrue(c[0] + ": " + d.reason(), d.reason().contains(c[1]));
        }
        assertEquals(cases.length, provider.counters().errors(CallError.MALFORMED));
    }

    @Test
    public void bodiesThatAreNotUtf8OrTooLargeAreMalformed() {
        configure("cache.ttl.s", "0");
        reply = new Reply(200, "{\"action\":\"pass\",\"reason\":\"" + "x".repeat(BoundedBody.LIMIT) + "\"}", 0);
        assertPass(decide(), "HTTP service failed: the answer is longer than 65536 bytes; passing on");
        assertEquals(1, provider.counters().errors(CallError.MALFORMED));
        ServiceAnswer.Result r = ServiceAnswer.read(200, new byte[] {'{', (byte) 0xC3, '}'});
        assertEquals(new ServiceAnswer.Failure(CallError.MALFORMED, "the answer is not UTF-8 text"), r);
    }

    @Test
    public void unknownActionsAreErrors() {
        configure();
        answer(200, "{\"action\":\"boot\",\"bootFile\":\"x\"}");
        assertPass(decide(), "HTTP service failed: unknown action 'boot' (expected service, ignore or pass); passing on");
        answer(200, "{\"action\":\"Service\",\"bootFile\":\"x\"}");
        assertPassContaining(decide(), "unknown action 'Service'");
        assertEquals(2, provider.counters().errors(CallError.UNKNOWN_ACTION));
        assertEquals("failures are not cached", 2, received.size());
    }

    @Test
    public void aServerThatHangsIsATimeoutWithinTheBudget() {
        configure("timeout.ms", "200");
        answer(204, "");
        decide(); // the first call loads the client's classes
        reply = new Reply(200, "{\"action\":\"pass\"}", 10_000);
        long start = System.nanoTime();
        Decision d = decide(request(OTHER_MAC).build());
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertPass(d, "HTTP service failed: no answer within 200 ms; passing on");
        // The server hangs for 10 s: ending long before that shows the bound, with room for a loaded machine.
        assertTrue("took " + took + " ms", took >= 190 && took < 3_000);
        assertEquals(1, provider.counters().errors(CallError.TIMEOUT));
    }

    @Test
    public void theVeryFirstCallIsBoundedToo() {
        configure("timeout.ms", "100");
        reply = new Reply(204, "", 10_000);
        long start = System.nanoTime();
        Decision d = decide();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertPass(d, "HTTP service failed: no answer within 100 ms; passing on");
        assertTrue("took " + took + " ms", took < 3_000);
    }

    @Test
    public void anInterruptedCallEndsAtOnce() throws Exception {
        configure("timeout.ms", "5000");
        reply = new Reply(204, "", 10_000);
        Decision[] result = new Decision[1];
        Thread caller = new Thread(() -> result[0] = decide());
        caller.start();
        assertTrue(received.poll(5, TimeUnit.SECONDS) != null);
        long start = System.nanoTime();
        caller.interrupt();
        caller.join(3_500);
        assertFalse(caller.isAlive());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 4_000);
        assertPassContaining(result[0], "interrupted while waiting (the chain's budget for this provider ran out first)");
        assertEquals(1, provider.counters().errors(CallError.INTERRUPTED));
    }

    @Test
    public void aClosedPortIsAConnectionError() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        url = "http://127.0.0.1:" + closed + PATH;
        configure("timeout.ms", "5000");
        long start = System.nanoTime();
        Decision d = decide();
        assertTrue("refused at once, not timed out",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 4_000);
        assertPassContaining(d, "HTTP service failed: cannot connect to 127.0.0.1:" + closed + " (");
        assertTrue(d.reason(), d.reason().endsWith("); passing on"));
        assertEquals(1, provider.counters().errors(CallError.CONNECTION));
    }

    // --- the request ---------------------------------------------------------------------------

    @Test
    public void theRequestCarriesEveryField() throws Exception {
        configure();
        answer(200, "{\"action\":\"pass\"}");
        decide(BootRequest.builder(MAC, InetAddress.getByName("10.0.0.2")).guid(GUID).architecture(Architecture.X64_UEFI)
                .vendorClass("PXEClient:Arch:00007:UNDI:003016").userClasses(List.of("iPXE")).secs(4)
                .relayAddress(InetAddress.getByName("10.0.0.1")).port(ExchangePort.PROXY_DHCP).build());
        Received r = onlyReceived();
        assertEquals("POST", r.method());
        assertEquals(PATH, r.path());
        assertEquals("application/json", r.headers().getFirst("Content-Type"));
        assertEquals("application/json", r.headers().getFirst("Accept"));
        assertNull("no auth header unless configured", r.headers().getFirst("Authorization"));
        assertEquals("{\"mac\":\"52:54:00:12:34:56\",\"guid\":\"8b6b6f3e-1c9a-4e55-9d3a-0a1b2c3d4e5f\","
                + "\"architecture\":\"x64-uefi\",\"architectureCode\":7,\"vendorClass\":\"PXEClient:Arch:00007:UNDI:003016\","
                + "\"userClasses\":[\"iPXE\"],\"ipxe\":true,\"httpClient\":false,\"secs\":4,\"port\":67,"
                + "\"ipv6\":false,\"duid\":null,\"relay\":\"10.0.0.1\",\"server\":\"10.0.0.2\",\"dryRun\":false}", r.body());
    }

    @Test
    public void aRequestOverIpv6CarriesItsDuidAndPort() throws Exception {
        configure();
        answer(204, "");
        decide(BootRequest.builder(MAC, InetAddress.getByName("fd00:213::2")).architecture(Architecture.X64_UEFI)
                .vendorClass("PXEClient:Arch:00007:UNDI:003000")
                .options(RawOptions.of(Map.of(1, new byte[] {0, 3, 0, 1, 0x52, 0x54, 0, 0x12, 0x34, 0x56},
                        61, new byte[] {0, 7}))).build());
        Map<?, ?> body = json(onlyReceived().body());
        assertEquals(true, body.get("ipv6"));
        assertEquals("00030001525400123456", body.get("duid"));
        assertEquals(new BigDecimal(547), body.get("port"));
        assertEquals("fd00:213:0:0:0:0:0:2", body.get("server"));
        assertEquals("option 61 over IPv6", new BigDecimal(7), body.get("architectureCode"));
    }

    @Test
    public void missingFieldsAreNullAndTheArchitectureCodeIsAsSent() throws Exception {
        configure();
        answer(204, "");
        decide(BootRequest.builder(OTHER_MAC, InetAddress.getByName("192.0.2.1")).architecture(Architecture.X64_UEFI)
                .vendorClass("HTTPClient:Arch:00016").port(ExchangePort.PXE_BOOT_SERVER).dryRun(true)
                .options(RawOptions.of(Map.of(93, new byte[] {0, 9}))).build());
        Map<?, ?> body = json(onlyReceived().body());
        assertEquals("52:54:00:12:34:57", body.get("mac"));
        assertTrue(body.containsKey("guid"));
        assertNull(body.get("guid"));
        assertEquals("x64-uefi", body.get("architecture"));
        assertEquals("option 93 as the client sent it", new BigDecimal(9), body.get("architectureCode"));
        assertEquals(List.of(), body.get("userClasses"));
        assertEquals(false, body.get("ipxe"));
        assertEquals(true, body.get("httpClient"));
        assertEquals(BigDecimal.ZERO, body.get("secs"));
        assertEquals(new BigDecimal(4011), body.get("port"));
        assertTrue(body.containsKey("relay"));
        assertNull(body.get("relay"));
        assertEquals("192.0.2.1", body.get("server"));
        assertEquals(true, body.get("dryRun"));
        decide(BootRequest.builder(OTHER_MAC, InetAddress.getByName("192.0.2.1")).architecture(Architecture.UNKNOWN)
                .userClasses(List.of("a\"b", "c")).build());
        Map<?, ?> unknown = json(onlyReceived().body());
        assertTrue(unknown.containsKey("architectureCode"));
        assertNull(unknown.get("architectureCode"));
        assertNull(unknown.get("vendorClass"));
        assertEquals(Arrays.asList("a\"b", "c"), unknown.get("userClasses"));
    }

    @Test
    public void theAuthHeaderIsSentAsIsAndNeverShown() throws Exception {
        configure("auth.header", "Authorization: Bearer xyz");
        answer(200, "{\"action\":\"pass\"}");
        decide();
        assertEquals("Bearer xyz", onlyReceived().headers().getFirst("Authorization"));
        assertFalse(provider.toString().contains("xyz"));
        configure("auth.header", "X-Api-Key: k1");
        decide(request(OTHER_MAC).build());
        Received r = onlyReceived();
        assertEquals("k1", r.headers().getFirst("X-Api-Key"));
        assertNull(r.headers().getFirst("Authorization"));
    }

    // --- the cache -----------------------------------------------------------------------------

    @Test
    public void retriesWithinTheTtlDoNotReachTheService() throws Exception {
        configure("cache.ttl.s", "30");
        answer(200, "{\"action\":\"service\",\"bootFile\":\"undionly.kpxe\"}");
        Decision first = decide(request(MAC).secs(0).build());
        onlyReceived();
        clock.addAndGet(29 * SECOND);
        Decision again = decide(request(MAC).secs(4).build());
        assertTrue("a retry (secs grows) is the same request: " + received, received.isEmpty());
        assertEquals(service(first).answer(), service(again).answer());
        assertEquals("HTTP service: undionly.kpxe [cached]", again.reason());
        assertEquals(1, provider.counters().cacheHits());

        clock.addAndGet(SECOND);
        decide(request(MAC).secs(8).build());
        onlyReceived();

        decide(request(OTHER_MAC).build());
        assertEquals("another client asks for itself", OTHER_MAC.toString(), json(onlyReceived().body()).get("mac"));
        decide(request(MAC).userClasses(List.of("iPXE")).build());
        assertEquals("the same machine once it runs iPXE asks again", true, json(onlyReceived().body()).get("ipxe"));
        decide(request(MAC).port(ExchangePort.PXE_BOOT_SERVER).build());
        onlyReceived();
        decide(request(MAC).guid(null).build());
        onlyReceived();
        decide(request(MAC).architecture(Architecture.ARM64_UEFI).build());
        onlyReceived();
        assertEquals(8, provider.counters().requests());
        assertEquals(1, provider.counters().cacheHits());
        assertEquals(7, provider.counters().answers(Answered.SERVICE));
    }

    @Test
    public void everyKindOfAnswerIsCachedButNoFailure() throws Exception {
        configure();
        answer(404, "");
        decide();
        decide();
        assertEquals(1, received.size());
        received.clear();
        answer(500, "");
        decide(request(OTHER_MAC).build());
        decide(request(OTHER_MAC).build());
        assertEquals(2, received.size());
    }

    @Test
    public void aZeroTtlAsksEveryTime() {
        configure("cache.ttl.s", "0");
        answer(200, "{\"action\":\"ignore\"}");
        decide();
        decide();
        assertEquals(2, received.size());
        assertEquals(0, provider.counters().cacheHits());
    }

    @Test
    public void dryRunsReadTheCacheButDoNotFillIt() throws Exception {
        configure();
        answer(200, "{\"action\":\"service\",\"bootFile\":\"a.efi\"}");
        decide(request(MAC).dryRun(true).build());
        decide(request(MAC).build());
        assertEquals("the dry run did not fill the cache", 2, received.size());
        Decision dry = decide(request(MAC).dryRun(true).build());
        assertEquals("HTTP service: a.efi [cached]", dry.reason());
        assertEquals(2, received.size());
    }

    @Test
    public void aNewConfigurationStartsWithAnEmptyCache() {
        configure();
        answer(200, "{\"action\":\"pass\"}");
        decide();
        configure("on.error", "ignore");
        decide();
        assertEquals(2, received.size());
    }

    // --- configuration and registration ----------------------------------------------------------

    @Test
    public void withoutUrlEveryRequestPassesAtOnce() {
        provider.configure(CheckedConfig.of(HttpDelegateProvider.Config.class, null, Map.of("service.ranking", "250")));
        assertPass(decide(), "HTTP service: no usable url in etc/org.karafpxe.provider.http.cfg");
        assertTrue(received.isEmpty());
        assertEquals("HTTP provider (no url): 1 requests, 0 answered from the cache; answers: service 0, ignore 0, "
                + "pass 0, 204 0, 404 0; errors: timeout 0, connection 0, status 0, malformed 0, unknown action 0, "
                + "interrupted 0, other 0", provider.toString());
    }

    @Test
    public void toStringCountsWhatHappened() {
        configure("cache.ttl.s", "30");
        answer(200, "{\"action\":\"service\",\"bootFile\":\"a.efi\"}");
        decide();
        decide();
        answer(500, "");
        decide(request(OTHER_MAC).build());
        assertEquals("HTTP provider (" + url + "): 3 requests, 1 answered from the cache; answers: service 1, "
                + "ignore 0, pass 0, 204 0, 404 0; errors: timeout 0, connection 0, status 1, malformed 0, "
                + "unknown action 0, interrupted 0, other 0", provider.toString());
    }

    @Test
    public void theServiceIsRegisteredOnlyWithAUrl() {
        FakeBundleContext framework = new FakeBundleContext();
        provider.activate(framework.context(), typed(Map.of("service.ranking", "250")), Map.of("service.ranking", "250"));
        assertFalse(provider.registered());
        assertEquals(0, framework.registrations());

        provider.modified(typed(Map.of("url", url, "service.ranking", "260", "auth.header", "Authorization: Bearer xyz")), Map.of("url", url, "service.ranking", "260", "auth.header", "Authorization: Bearer xyz"));
        assertTrue(provider.registered());
        assertEquals(1, framework.registrations());
        assertSame(provider, framework.service());
        assertEquals("http", framework.properties().get("pxe.provider.name"));
        assertEquals("a number the framework honours", 260, framework.properties().get("service.ranking"));
        assertEquals("Boot decisions from " + url, framework.properties().get("service.description"));
        assertEquals("no configuration key is published", 3, framework.properties().size());

        provider.modified(typed(Map.of("url", url, "service.ranking", "240")), Map.of("url", url, "service.ranking", "240"));
        assertEquals(1, framework.registrations());
        assertEquals(240, framework.properties().get("service.ranking"));

        provider.modified(typed(Map.of("url", "gopher://h/")), Map.of("url", "gopher://h/"));
        assertFalse(provider.registered());
        assertEquals(1, framework.unregistrations());

        provider.modified(typed(Map.of("url", url)), Map.of("url", url));
        assertEquals(2, framework.registrations());
        provider.deactivate();
        assertEquals(2, framework.unregistrations());
    }

    /** The configuration as Declarative Services types it. */
    private static HttpDelegateProvider.Config typed(Map<String, ?> properties) {
        return CheckedConfig.typed(HttpDelegateProvider.Config.class, properties);
    }
}
