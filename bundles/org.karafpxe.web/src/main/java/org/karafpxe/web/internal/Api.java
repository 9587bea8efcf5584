package org.karafpxe.web.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivilegedExceptionAction;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.security.auth.Subject;
import org.karafpxe.api.Architecture;
import org.karafpxe.api.BootPrograms;
import org.karafpxe.dhcp.service.DhcpStatistics;
import org.karafpxe.engine.BootChain;
import org.karafpxe.engine.ChainResult;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceChange;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.DiskFullException;
import org.karafpxe.store.DuplicateException;
import org.karafpxe.store.ImportException;
import org.karafpxe.store.ImportResult;
import org.karafpxe.store.InvalidValueException;
import org.karafpxe.store.PendingDevice;
import org.karafpxe.store.PendingDevices;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.StorageException;
import org.karafpxe.store.UnknownDeviceException;
import org.karafpxe.support.Arguments;
import org.karafpxe.support.DeviceNames;
import org.karafpxe.support.DryRuns;
import org.karafpxe.support.Json;
import org.karafpxe.support.PolicyConfig;
import org.osgi.service.cm.Configuration;

/**
 * The REST API: every route, each a plain function of the request, with the console's words in its
 * errors. Transport (login, cookies, the event stream, files) is {@link OperatorHandler}'s.
 */
final class Api {
    static final int MAX_LIST = 100_000;

    @FunctionalInterface
    interface Handler {
        Object handle(ApiCall call) throws Exception;
    }

    /** A route: its method, its path with {parameters}, whether it changes anything. */
    record Route(String method, String template, boolean changes, Handler handler) {
        Optional<Map<String, String>> match(String method, String path) {
            if (!this.method.equals(method)) {
                return Optional.empty();
            }
            String[] want = template.split("/", -1);
            String[] got = path.split("/", -1);
            if (want.length != got.length) {
                return Optional.empty();
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < want.length; i++) {
                if (want[i].startsWith("{") && want[i].endsWith("}")) {
                    if (got[i].isEmpty()) {
                        return Optional.empty();
                    }
                    params.put(want[i].substring(1, want[i].length() - 1), got[i]);
                } else if (!want[i].equals(got[i])) {
                    return Optional.empty();
                }
            }
            return Optional.of(params);
        }
    }

    private final Services services;
    private final List<Route> routes = new ArrayList<>();
    private final Neighbours neighbours;

    Api(Services services, Neighbours neighbours) {
        this.services = services;
        this.neighbours = neighbours;
        get("/api/devices", this::devices);
        post("/api/devices", this::addDevice);
        get("/api/devices.csv", this::exportDevices);
        post("/api/devices/import", this::importDevices);
        get("/api/devices/{name}", c -> Views.device(device(c.param("name"))));
        put("/api/devices/{name}", this::updateDevice);
        delete("/api/devices/{name}", this::removeDevice);
        put("/api/devices/{name}/task", this::setTask);
        delete("/api/devices/{name}/task", this::clearTask);
        get("/api/tasks", c -> store().list().stream().filter(d -> d.task().isPresent()).map(Views::device).toList());
        get("/api/banned-guids", c -> store().bannedGuids().stream().map(Views::banned).toList());
        post("/api/banned-guids", this::banGuid);
        delete("/api/banned-guids/{guid}", this::unbanGuid);
        get("/api/duplicate-guids", c -> store().duplicateGuids().stream().map(Views::duplicate).toList());
        get("/api/policy", c -> policy(configuration()));
        put("/api/policy", this::setPolicy);
        get("/api/pending", c -> pendingQueue().listPending().stream().map(Views::pending).toList());
        post("/api/pending/{id}/approve", this::approve);
        post("/api/pending/{id}/reject", this::reject);
        delete("/api/pending/{id}", this::deletePending);
        delete("/api/pending", this::clearPending);
        get("/api/providers", c -> chain().providers().stream().map(Views::provider).toList());
        post("/api/explain", this::explain);
        get("/api/requests", c -> chain().recent(count(c, 50)).stream().map(Views::decision).toList());
        get("/api/dhcp/stats", c -> dhcp(services));
        get("/api/tftp/stats", c -> Views.tftp(need(services.tftp(), "The TFTP server").statistics()));
        get("/api/tftp/sessions", c -> need(services.tftp(), "The TFTP server").sessions().stream()
                .map(s -> Views.transfer(s, "running", neighbours.mac(s))).toList());
        get("/api/tftp/transfers", c -> need(services.tftp(), "The TFTP server").recentTransfers(count(c, 50)).stream()
                .map(t -> Views.ended(t, neighbours.mac(t.transfer()))).toList());
        get("/api/http/fetches", c -> need(services.http(), "The HTTP boot-file server").recentFetches(count(c, 50))
                .stream().map(f -> Views.fetch(f, neighbours.mac(f.client()))).toList());
        get("/api/audit", this::audit);
        get("/api/architectures", c -> Architecture.keys());
    }

    List<Route> routes() {
        return List.copyOf(routes);
    }

    private void get(String template, Handler handler) {
        routes.add(new Route("GET", template, false, handler));
    }

    private void post(String template, Handler handler) {
        routes.add(new Route("POST", template, true, handler));
    }

    private void put(String template, Handler handler) {
        routes.add(new Route("PUT", template, true, handler));
    }

    private void delete(String template, Handler handler) {
        routes.add(new Route("DELETE", template, true, handler));
    }

    /** Whether some route has this path, under any method (405 rather than 404). */
    boolean knows(String path) {
        return routes.stream().anyMatch(r -> r.match(r.method(), path).isPresent());
    }

    /**
     * Answers a call: the route's value as JSON, or the refusal as a JSON error. Runs as the caller's
     * subject, so that the audit trail names the user.
     */
    ApiReply handle(String method, String path, Map<String, List<String>> query, String body, Caller caller) {
        for (Route r : routes) {
            Optional<Map<String, String>> params = r.match(method, path);
            if (params.isEmpty()) {
                continue;
            }
            if (r.changes() && !caller.canWrite()) {
                return ApiReply.error(403, "user '" + caller.user() + "' may look but not change: a change needs "
                        + "the role that may change (role.write in etc/org.karafpxe.web.cfg)");
            }
            ApiCall call = new ApiCall(method, path, params.get(), query, body, caller);
            try {
                Object value = caller.subject() == null ? r.handler().handle(call)
                        : Subject.doAs(caller.subject(), (PrivilegedExceptionAction<Object>) () -> r.handler().handle(call));
                if (value instanceof ApiReply reply) {
                    return reply;
                }
                return ApiReply.json(200, value);
            } catch (java.security.PrivilegedActionException e) {
                return refusal(e.getException());
            } catch (Exception e) {
                return refusal(e);
            }
        }
        return knows(path) ? ApiReply.error(405, method + " is not allowed on " + path)
                : ApiReply.error(404, "no API at " + path + ": /api/openapi.json lists them");
    }

    /** The store's and the checks' refusals, with their words, as the console shows them. */
    static ApiReply refusal(Exception e) {
        if (e instanceof ApiException a) {
            return ApiReply.error(a.status(), a.getMessage());
        }
        if (e instanceof UnknownDeviceException) {
            return ApiReply.error(404, e.getMessage());
        }
        if (e instanceof DuplicateException) {
            return ApiReply.error(409, e.getMessage());
        }
        if (e instanceof InvalidValueException || e instanceof ImportException || e instanceof IllegalArgumentException) {
            return ApiReply.error(400, e.getMessage());
        }
        if (e instanceof DiskFullException) {
            return ApiReply.error(507, e.getMessage());
        }
        if (e instanceof StorageException) {
            return ApiReply.error(503, e.getMessage());
        }
        if (e instanceof IllegalStateException) {
            return ApiReply.error(409, e.getMessage());
        }
        return ApiReply.error(500, "the server failed: " + e);
    }

    // ---- devices and tasks

    private Object devices(ApiCall c) {
        String q = c.query("q").map(s -> s.trim().toLowerCase(Locale.ROOT)).orElse("");
        return store().list().stream().filter(d -> q.isEmpty() || matches(d, q)).map(Views::device).toList();
    }

    private static boolean matches(Device d, String q) {
        return d.name().toLowerCase(Locale.ROOT).contains(q)
                || d.mac().map(m -> m.toString().contains(q.replace('-', ':'))).orElse(false)
                || d.guid().map(g -> g.toString().contains(q)).orElse(false)
                || d.group().map(g -> g.toLowerCase(Locale.ROOT).contains(q)).orElse(false);
    }

    private Device device(String name) {
        return store().find(name).orElseThrow(() -> ApiException.notFound("no device '" + name
                + "': give its name or its id, as GET /api/devices lists them"));
    }

    private Object addDevice(ApiCall c) {
        Map<String, Object> body = object(c);
        known(body, "name", "mac", "guid", "bootProgram", "referralServer", "group");
        DeviceDraft.Builder draft = DeviceDraft.builder(text(body, "name").orElseThrow(
                () -> ApiException.badRequest("a device needs a name")));
        text(body, "mac").ifPresent(m -> draft.mac(Arguments.mac(m)));
        text(body, "guid").ifPresent(g -> draft.guid(Arguments.guid(g)));
        text(body, "bootProgram").ifPresent(draft::bootProgram);
        text(body, "referralServer").ifPresent(draft::referralServer);
        text(body, "group").ifPresent(draft::group);
        return ApiReply.json(201, Views.device(store().add(draft.build())));
    }

    private Object updateDevice(ApiCall c) {
        Map<String, Object> body = object(c);
        known(body, "name", "mac", "guid", "bootProgram", "referralServer", "group");
        DeviceChange.Builder change = DeviceChange.builder();
        if (body.containsKey("name")) {
            change.name(text(body, "name").orElseThrow(() -> ApiException.badRequest(
                    "a device always has a name; rename it instead of clearing it")));
        }
        if (body.containsKey("mac")) {
            text(body, "mac").ifPresentOrElse(m -> change.mac(Arguments.mac(m)), change::clearMac);
        }
        if (body.containsKey("guid")) {
            text(body, "guid").ifPresentOrElse(g -> change.guid(Arguments.guid(g)), change::clearGuid);
        }
        if (body.containsKey("bootProgram")) {
            text(body, "bootProgram").ifPresentOrElse(change::bootProgram, change::clearBootProgram);
        }
        if (body.containsKey("referralServer")) {
            text(body, "referralServer").ifPresentOrElse(change::referralServer, change::clearReferralServer);
        }
        if (body.containsKey("group")) {
            text(body, "group").ifPresentOrElse(change::group, change::clearGroup);
        }
        return Views.device(store().update(device(c.param("name")).id(), change.build()));
    }

    private Object removeDevice(ApiCall c) {
        if (!store().remove(String.valueOf(device(c.param("name")).id()))) {
            throw ApiException.notFound("no device '" + c.param("name") + "'");
        }
        return ApiReply.noContent();
    }

    private Object setTask(ApiCall c) {
        Map<String, Object> body = object(c);
        known(body, "script", "program", "chain", "kernel", "initrd", "cmdline", "oneShot");
        boolean oneShot = flag(body, "oneShot").orElse(true);
        Optional<String> script = text(body, "script");
        Optional<String> program = text(body, "program");
        Optional<String> chain = text(body, "chain");
        Optional<String> kernel = text(body, "kernel");
        Optional<String> initrd = text(body, "initrd");
        Optional<String> cmdline = text(body, "cmdline");
        if (Stream.of(script, program, chain, kernel).filter(Optional::isPresent).count() != 1) {
            throw ApiException.badRequest("give the task one way: script (iPXE or GRUB commands), program (a boot "
                    + "program's path), chain (an iPXE script's URL) or kernel (with initrd and cmdline)");
        }
        if (kernel.isEmpty() && (initrd.isPresent() || cmdline.isPresent())) {
            throw ApiException.badRequest("initrd and cmdline go with kernel");
        }
        Device d = device(c.param("name"));
        BootTask task = script.map(s -> new BootTask(s, oneShot))
                .or(() -> program.map(p -> BootTask.program(p, oneShot)))
                .or(() -> chain.map(u -> BootTask.chain(u, oneShot)))
                .orElseGet(() -> BootTask.kernel(kernel.get(), initrd.orElse(null), cmdline.orElse(null),
                        d.bootsSignedChain(), oneShot));
        task.checkRunnableBy(d);
        store().setTask(String.valueOf(d.id()), Optional.of(task));
        return Views.device(device(String.valueOf(d.id())));
    }

    private Object clearTask(ApiCall c) {
        store().setTask(String.valueOf(device(c.param("name")).id()), Optional.empty());
        return ApiReply.noContent();
    }

    private Object exportDevices(ApiCall c) throws IOException {
        StringWriter out = new StringWriter();
        store().exportCsv(out);
        return ApiReply.text(200, "text/csv; charset=utf-8", out.toString());
    }

    private Object importDevices(ApiCall c) throws IOException {
        if (c.body().isBlank()) {
            throw ApiException.badRequest("send the CSV in the body, its first line " + PolicyStore.CSV_HEADER);
        }
        ImportResult r = store().importCsv(new StringReader(c.body()));
        return Views.ordered("added", r.added(), "updated", r.updated(), "unchanged", r.unchanged(), "message",
                "Imported " + r.total() + " devices: " + r.added() + " added, " + r.updated() + " updated, "
                        + r.unchanged() + " unchanged.");
    }

    // ---- GUIDs

    private Object banGuid(ApiCall c) {
        Map<String, Object> body = object(c);
        known(body, "guid", "reason");
        UUID guid = Arguments.guid(text(body, "guid").orElseThrow(() -> ApiException.badRequest("give the guid to ban")));
        store().banGuid(guid, text(body, "reason").orElse("banned through the API"));
        return ApiReply.json(201, store().bannedGuids().stream().filter(b -> b.guid().equals(guid)).findFirst()
                .map(Views::banned).orElseThrow(() -> new IllegalStateException("GUID " + guid
                        + " was banned but is not listed")));
    }

    private Object unbanGuid(ApiCall c) {
        UUID guid = Arguments.guid(c.param("guid"));
        if (!store().unbanGuid(guid)) {
            throw ApiException.notFound("GUID " + guid + " is not banned");
        }
        return ApiReply.noContent();
    }

    // ---- the answer policy, through Config Admin as pxe:policy-set

    private Configuration configuration() throws IOException {
        return PolicyConfig.configuration(need(services.configurationAdmin(), "Config Admin"));
    }

    static Map<String, Object> policy(Configuration configuration) {
        Map<String, String> values = PolicyConfig.read(configuration);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", values.getOrDefault(PolicyConfig.MODE, "all").trim().toLowerCase(Locale.ROOT));
        m.put("delaySecs", parseOr(values.get(PolicyConfig.DELAY), 0));
        m.put("approval", Boolean.parseBoolean(values.getOrDefault("approval", "false").trim()));
        m.put("promptNew", values.getOrDefault("prompt.new", "noprompt"));
        Map<String, String> bootFiles = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(BootPrograms.PREFIX)) {
                bootFiles.put(k.substring(BootPrograms.PREFIX.length()), v);
            }
        });
        m.put("bootFiles", bootFiles);
        return m;
    }

    private static int parseOr(String text, int fallback) {
        try {
            return text == null ? fallback : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private Object setPolicy(ApiCall c) throws IOException {
        Map<String, Object> body = object(c);
        known(body, "mode", "delaySecs", "approval", "promptNew", "bootFiles");
        if (body.isEmpty()) {
            throw ApiException.badRequest("nothing to change: give mode, delaySecs, approval, promptNew or bootFiles");
        }
        // Everything is checked before anything is written, so a bad value changes nothing.
        Configuration configuration = configuration();
        Dictionary<String, Object> properties = PolicyConfig.copy(configuration);
        text(body, "mode").ifPresent(m -> {
            String mode = m.toLowerCase(Locale.ROOT);
            if (!PolicyConfig.MODES.contains(mode)) {
                throw ApiException.badRequest("mode " + m + ": use all, known (prestaged devices only) or none");
            }
            properties.put(PolicyConfig.MODE, mode);
        });
        if (body.containsKey("delaySecs")) {
            Object d = body.get("delaySecs");
            if (!(d instanceof java.math.BigDecimal n) || n.scale() > 0 || n.signum() < 0
                    || n.compareTo(java.math.BigDecimal.valueOf(65535)) > 0) {
                throw ApiException.badRequest("delaySecs " + d + ": use a whole number of seconds from 0 to 65535 "
                        + "(the range of the secs field clients send)");
            }
            properties.put(PolicyConfig.DELAY, String.valueOf(n.intValue()));
        }
        flag(body, "approval").ifPresent(a -> properties.put("approval", String.valueOf(a)));
        text(body, "promptNew").ifPresent(p -> {
            if (!List.of("noprompt", "optin", "optout").contains(p)) {
                throw ApiException.badRequest("promptNew " + p + ": use noprompt, optin or optout");
            }
            properties.put("prompt.new", p);
        });
        if (body.containsKey("bootFiles")) {
            if (!(body.get("bootFiles") instanceof Map<?, ?> files)) {
                throw ApiException.badRequest("bootFiles: give an object, architecture to path (null removes one)");
            }
            for (Map.Entry<?, ?> e : files.entrySet()) {
                String arch = String.valueOf(e.getKey()).trim().toLowerCase(Locale.ROOT);
                if (!arch.equals("ipxe") && Architecture.byKey(arch).isEmpty()) {
                    throw ApiException.badRequest("bootFiles: '" + e.getKey() + "' is not an architecture; use ipxe "
                            + "or one of " + String.join(", ", Architecture.keys()));
                }
                if (e.getValue() == null) {
                    properties.remove(BootPrograms.PREFIX + arch);
                } else if (e.getValue() instanceof String path && !path.isBlank()) {
                    properties.put(BootPrograms.PREFIX + arch, path.trim());
                } else {
                    throw ApiException.badRequest("bootFiles." + arch + ": give a path, or null to remove it");
                }
            }
        }
        configuration.update(properties);
        return policy(configuration);
    }

    // ---- machines waiting for approval

    private PendingDevice pendingOne(ApiCall c) {
        return pendingQueue().findPending(c.param("id")).orElseThrow(() -> ApiException.notFound("no pending machine "
                + c.param("id") + ": name it by its number or MAC, as GET /api/pending lists them"));
    }

    private Object approve(ApiCall c) {
        Map<String, Object> body = c.body().isBlank() ? Map.of() : object(c);
        known(body, "name", "group", "bootProgram");
        PendingDevices queue = pendingQueue();
        PendingDevice p = pendingOne(c);
        PolicyStore store = store();
        Optional<Device> known = store.match(p.guid(), p.mac());
        if (p.state() == PendingDevice.State.APPROVED && known.isPresent()) {
            throw new ApiException(409, "pending #" + p.id() + " is already approved, as " + known.get().name());
        }
        String name = text(body, "name").orElse(null);
        if (name == null) {
            int next = 1;
            while (store.find(DeviceNames.nameFor(DeviceNames.DEFAULT_TEMPLATE, next)).isPresent()) {
                next++;
            }
            name = DeviceNames.nameFor(DeviceNames.DEFAULT_TEMPLATE, next);
        }
        DeviceDraft.Builder draft = DeviceDraft.builder(name).mac(p.mac());
        text(body, "group").ifPresent(draft::group);
        text(body, "bootProgram").ifPresent(draft::bootProgram);
        p.guid().ifPresent(draft::guid);
        Device device = store.add(draft.build());
        queue.setState(p.id(), PendingDevice.State.APPROVED);
        return Map.of("device", Views.device(device));
    }

    private Object reject(ApiCall c) {
        pendingQueue().setState(pendingOne(c).id(), PendingDevice.State.REJECTED);
        return ApiReply.noContent();
    }

    private Object deletePending(ApiCall c) {
        pendingQueue().deletePending(pendingOne(c).id());
        return ApiReply.noContent();
    }

    private Object clearPending(ApiCall c) {
        List<PendingDevice.State> states = new ArrayList<>();
        for (String state : c.query("state").orElse("").split(",")) {
            try {
                states.add(PendingDevice.State.valueOf(state.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("state '" + state + "' is not a state of the pending queue: give "
                        + "?state= pending, rejected or approved, several separated by commas");
            }
        }
        String older = c.query("olderThanDays").orElse("0").strip();
        if (!older.matches("\\d{1,5}")) {
            throw ApiException.badRequest("olderThanDays " + older + ": give a number of days, 0 or more");
        }
        int days = Integer.parseInt(older);
        int deleted = pendingQueue().clearPending(states, Instant.now().minus(java.time.Duration.ofDays(days)));
        return Views.ordered("deleted", deleted);
    }

    // ---- the chain

    private Object explain(ApiCall c) throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Object> body = object(c);
        known(body, "mac", "guid", "arch", "ipxe", "secs", "port", "ipv6");
        var request = DryRuns.request(
                Arguments.mac(text(body, "mac").orElseThrow(() -> ApiException.badRequest("give the client's mac"))),
                text(body, "guid").map(Arguments::guid), Arguments.architectureCode(text(body, "arch").orElse("x86-bios")),
                flag(body, "ipxe").orElse(false), whole(body, "secs").orElse(0), whole(body, "port").orElse(0),
                flag(body, "ipv6").orElse(false));
        ChainResult result = chain().decide(request).toCompletableFuture().get(30, TimeUnit.SECONDS);
        return Views.explained(result);
    }

    private Object audit(ApiCall c) {
        Optional<Instant> since;
        try {
            since = c.query("since").map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("since " + c.query("since").orElse("") + ": give an instant such as "
                    + "2026-12-06T15:00:00Z");
        }
        return need(services.audit(), "The policy store").auditEntries(c.query("subject"), since, count(c, 100))
                .stream().map(Views::audit).toList();
    }

    static Map<String, Object> dhcp(Services services) {
        DhcpStatistics s = need(services.dhcp(), "The DHCP responder").statistics();
        List<Map<String, Object>> listeners = s.listeners().stream().map(l -> Views.ordered("name", l.name(),
                "address", l.address(), "listening", l.listening(), "problem", l.problem())).toList();
        return Views.ordered("listeners", listeners, "counters", s.counters());
    }

    // ---- helpers

    private PolicyStore store() {
        return need(services.store(), "The policy store");
    }

    private PendingDevices pendingQueue() {
        return need(services.pending(), "The policy store");
    }

    private BootChain chain() {
        return need(services.chain(), "The provider chain");
    }

    static <T> T need(T service, String what) {
        if (service == null) {
            throw ApiException.unavailable(what);
        }
        return service;
    }

    private static int count(ApiCall c, int fallback) {
        String n = c.query("n").orElse(String.valueOf(fallback));
        try {
            int value = Integer.parseInt(n.trim());
            if (value >= 1 && value <= MAX_LIST) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw ApiException.badRequest("n " + n + ": give how many to list, 1 to " + MAX_LIST);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(ApiCall c) {
        Object value;
        try {
            value = Json.parse(c.body());
        } catch (Json.MalformedException e) {
            throw ApiException.badRequest("the body is not JSON: " + e.getMessage());
        }
        if (!(value instanceof Map)) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        return (Map<String, Object>) value;
    }

    private static void known(Map<String, Object> body, String... names) {
        List<String> allowed = List.of(names);
        for (String key : body.keySet()) {
            if (!allowed.contains(key)) {
                throw ApiException.badRequest("unknown field '" + key + "': the fields are " + String.join(", ", allowed));
            }
        }
    }

    private static Optional<String> text(Map<String, Object> body, String name) {
        Object v = body.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw ApiException.badRequest("'" + name + "' must be a string, got " + Json.write(v));
        }
        return s.isBlank() ? Optional.empty() : Optional.of(s.trim());
    }

    private static Optional<Boolean> flag(Map<String, Object> body, String name) {
        Object v = body.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Boolean b)) {
            throw ApiException.badRequest("'" + name + "' must be true or false, got " + Json.write(v));
        }
        return Optional.of(b);
    }

    private static Optional<Integer> whole(Map<String, Object> body, String name) {
        Object v = body.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof java.math.BigDecimal n) || n.scale() > 0 || n.abs().compareTo(java.math.BigDecimal.valueOf(1 << 20)) > 0) {
            throw ApiException.badRequest("'" + name + "' must be a whole number, got " + Json.write(v));
        }
        return Optional.of(n.intValue());
    }
}
