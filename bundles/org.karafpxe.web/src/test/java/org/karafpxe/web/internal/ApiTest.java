package org.karafpxe.web.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.Test;
import org.karafpxe.dhcp.service.DhcpService;
import org.karafpxe.engine.BootChain;
import org.karafpxe.http.HttpBootFiles;
import org.karafpxe.http.HttpFetch;
import org.karafpxe.store.AuditTrail;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.PendingDevices;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.StoreStatistics;
import org.karafpxe.support.Json;
import org.karafpxe.testing.InMemoryPolicyStore;
import org.karafpxe.tftp.TftpService;
import org.osgi.service.cm.ConfigurationAdmin;

public class ApiTest {
    private final InMemoryPolicyStore store = new InMemoryPolicyStore();
    private final Api api = new Api(new Services() {
        @Override
        public BootChain chain() {
            return null;
        }

        @Override
        public PolicyStore store() {
            return store;
        }

        @Override
        public PendingDevices pending() {
            return null;
        }

        @Override
        public AuditTrail audit() {
            return null;
        }

        @Override
        public StoreStatistics storeStatistics() {
            return null;
        }

        @Override
        public DhcpService dhcp() {
            return null;
        }

        @Override
        public TftpService tftp() {
            return null;
        }

        @Override
        public HttpBootFiles http() {
            return limit -> List.of(new HttpFetch(Instant.parse("2026-01-01T00:00:00Z"), "192.0.2.7", "GET",
                    "ipxe/52-54-00-12-34-56.ipxe", HttpFetch.Kind.SCRIPT, 200, 312, 1_500_000)).subList(0, Math.min(limit, 1));
        }

        @Override
        public ConfigurationAdmin configurationAdmin() {
            return null;
        }
    }, new Neighbours());
    private final Caller admin = new Caller("alice", Set.of("admin"), null, true, true);
    private final Caller viewer = new Caller("bob", Set.of("viewer"), null, true, false);

    private ApiReply call(Caller who, String method, String path, String body) {
        return api.handle(method, path, Map.of(), body, who);
    }

    private static Object json(ApiReply reply) throws Json.MalformedException {
        return Json.parse(new String(reply.body(), StandardCharsets.UTF_8));
    }

    private static String error(ApiReply reply) throws Json.MalformedException {
        return (String) ((Map<?, ?>) json(reply)).get("error");
    }

    @Test
    public void devicesAreAddedChangedListedAndRemovedWithTheConsolesWords() throws Exception {
        ApiReply added = call(admin, "POST", "/api/devices", "{\"name\":\"lab-01\",\"mac\":\"52-54-00-12-34-56\"}");
        assertEquals(201, added.status());
        assertEquals("52:54:00:12:34:56", ((Map<?, ?>) json(added)).get("mac"));

        ApiReply duplicate = call(admin, "POST", "/api/devices", "{\"name\":\"lab-02\",\"mac\":\"52:54:00:12:34:56\"}");
        assertEquals(409, duplicate.status());
        assertTrue(error(duplicate), error(duplicate).contains("lab-01"));

        ApiReply badMac = call(admin, "POST", "/api/devices", "{\"name\":\"lab-03\",\"mac\":\"52:54\"}");
        assertEquals(400, badMac.status());
        assertTrue(error(badMac), error(badMac).contains("52:54:00:12:34:56"));

        ApiReply changed = call(admin, "PUT", "/api/devices/lab-01", "{\"group\":\"room-2\",\"guid\":null}");
        assertEquals(new String(changed.body(), StandardCharsets.UTF_8), 200, changed.status());
        assertEquals("room-2", ((Map<?, ?>) json(changed)).get("group"));

        ApiReply task = call(admin, "PUT", "/api/devices/lab-01/task", "{\"script\":\"chain http://x/y\",\"oneShot\":true}");
        assertEquals(200, task.status());
        assertEquals(1, ((List<?>) json(call(viewer, "GET", "/api/tasks", ""))).size());
        ApiReply kernel = call(admin, "PUT", "/api/devices/lab-01/task", "{\"kernel\":\"http://x/linux\","
                + "\"initrd\":\"http://x/initrd\",\"cmdline\":\"quiet\",\"oneShot\":false}");
        assertEquals(200, kernel.status());
        assertEquals(BootTask.everyBoot("kernel http://x/linux quiet\ninitrd http://x/initrd\nboot"),
                store.find("lab-01").orElseThrow().task().orElseThrow());
        ApiReply chain = call(admin, "PUT", "/api/devices/lab-01/task", "{\"chain\":\"http://x/a.ipxe\"}");
        assertEquals(200, chain.status());
        assertEquals(BootTask.oneShot("chain http://x/a.ipxe"), store.find("lab-01").orElseThrow().task().orElseThrow());
        ApiReply two = call(admin, "PUT", "/api/devices/lab-01/task", "{\"chain\":\"http://x/a.ipxe\",\"kernel\":\"k\"}");
        assertEquals(400, two.status());
        assertTrue(error(two), error(two).startsWith("give the task one way: script"));

        assertEquals(1, ((List<?>) json(call(viewer, "GET", "/api/devices", ""))).size());
        assertEquals(204, call(admin, "DELETE", "/api/devices/lab-01", "").status());
        assertEquals(404, call(admin, "GET", "/api/devices/lab-01", "").status());
    }

    @Test
    public void theHttpRequestsAnsweredLastAreListed() throws Exception {
        ApiReply fetches = call(viewer, "GET", "/api/http/fetches", "");
        assertEquals(200, fetches.status());
        Map<?, ?> f = (Map<?, ?>) ((List<?>) json(fetches)).get(0);
        assertEquals("ipxe/52-54-00-12-34-56.ipxe", f.get("path"));
        assertEquals("script", f.get("kind"));
        assertEquals(200L, ((Number) f.get("status")).longValue());
        assertEquals(1.5, ((Number) f.get("ms")).doubleValue(), 1e-9);
    }

    @Test
    public void aViewerMayLookButNotChange() throws Exception {
        ApiReply refused = call(viewer, "POST", "/api/devices", "{\"name\":\"lab-01\",\"mac\":\"52:54:00:12:34:56\"}");
        assertEquals(403, refused.status());
        assertTrue(error(refused), error(refused).contains("may look but not change"));
        assertTrue(store.list().isEmpty());
    }

    @Test
    public void badBodiesAndUnknownFieldsAreRefusedWithWhatIsAllowed() throws Exception {
        assertEquals(400, call(admin, "POST", "/api/devices", "{\"name\":").status());
        ApiReply unknown = call(admin, "POST", "/api/devices", "{\"name\":\"a\",\"mac\":\"52:54:00:12:34:56\",\"colour\":1}");
        assertEquals(400, unknown.status());
        assertTrue(error(unknown), error(unknown).contains("unknown field 'colour'"));
        assertEquals(404, call(admin, "GET", "/api/nothing", "").status());
        assertEquals(405, call(admin, "PATCH", "/api/devices", "").status());
        ApiReply noChain = call(admin, "GET", "/api/providers", "");
        assertEquals(503, noChain.status());
        assertTrue(error(noChain), error(noChain).contains("The provider chain is not running"));
    }

    @Test
    public void theOpenApiDocumentDescribesEveryRouteAndNoOther() throws Exception {
        Map<?, ?> doc;
        try (var in = ApiTest.class.getResourceAsStream("/web/openapi.json")) {
            doc = (Map<?, ?>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        Set<String> documented = new TreeSet<>();
        ((Map<?, ?>) doc.get("paths")).forEach((path, ops) -> ((Map<?, ?>) ops).keySet()
                .forEach(m -> documented.add(m.toString().toUpperCase() + " " + path)));
        Set<String> served = new TreeSet<>();
        api.routes().forEach(r -> served.add(r.method() + " " + r.template()));
        // Served by the transport around the API.
        served.addAll(List.of("GET /api/session", "POST /api/session", "DELETE /api/session", "GET /api/events",
                "GET /api/openapi.json", "GET /metrics"));
        List<String> missing = new ArrayList<>(served);
        missing.removeAll(documented);
        List<String> extra = new ArrayList<>(documented);
        extra.removeAll(served);
        assertEquals("routes the document lacks", List.of(), missing);
        assertEquals("documented routes nothing serves", List.of(), extra);
    }
}
