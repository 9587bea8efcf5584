package org.karafpxe.http.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.karafpxe.api.BootFileSource;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.StorageException;
import org.karafpxe.store.internal.EmbeddedStore;

/** The completion callback, {@code done/<device id>/<secret>}, against the real store on an in-memory H2. */
public class TaskCompletionTest {
    @Rule
    public final EmbeddedStore embedded = new EmbeddedStore();

    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.15", 40123);
    private static final BootTask REIMAGE = BootTask.oneShot("chain http://192.0.2.1/reimage.ipxe");
    private int devices;

    private final HttpCounters counters = new HttpCounters();
    private final AtomicReference<PolicyStore> current = new AtomicReference<>();
    private final Sources.Memory files = new Sources.Memory("files",
            Map.of("undionly.kpxe", new byte[] {1, 2, 3}, "done/17", new byte[] {9}));
    private PolicyStore store;
    private BootFileResponder responder;

    @Before
    public void start() {
        store = embedded.store();
        current.set(store);
        List<BootFileSource> sources = List.of(files);
        responder = new BootFileResponder(() -> sources, new TaskCompletion(current::get, counters), counters);
    }

    private Device device(String name, BootTask task) {
        DeviceDraft.Builder b = DeviceDraft.builder(name).mac(String.format("52:54:00:00:00:%02x", ++devices));
        return store.add(task == null ? b.build() : b.task(task).build());
    }

    private RecordingReply call(String method, String path) throws IOException {
        RecordingReply reply = new RecordingReply();
        responder.respond(method, path, null, CLIENT, reply);
        return reply;
    }

    /** The callback as the device's script names it. */
    private String doneOf(Device d) {
        return "/done/" + d.id() + "/" + store.taskSecret(d.id(), d.task().orElseThrow());
    }

    @Test
    public void getWithTheTasksSecretClearsTheTask() throws IOException {
        Device d = device("pc-01", REIMAGE);
        RecordingReply r = call("GET", doneOf(d));
        assertEquals(200, r.status);
        assertEquals("noted\n", r.text());
        assertEquals("text/plain; charset=utf-8", r.contentType);
        assertEquals("no-store", r.header("Cache-Control"));
        assertEquals(Optional.empty(), store.find(d.id()).get().task());
        assertEquals(1, counters.tasksCleared.sum());
    }

    @Test
    public void postClearsTheTaskToo() throws IOException {
        Device d = device("pc-02", BootTask.everyBoot("chain http://192.0.2.1/kiosk.ipxe"));
        assertEquals(200, call("POST", doneOf(d)).status);
        assertEquals(Optional.empty(), store.find(d.id()).get().task());
    }

    @Test
    public void withoutItsSecretNoTaskIsClearedAndTheAnswerTellsNothing() throws IOException {
        Device d = device("pc-03", REIMAGE);
        Device other = device("pc-04", REIMAGE);
        String secret = store.taskSecret(d.id(), REIMAGE);
        // Another device's secret, a guess, the id alone (the old form), an unknown device.
        for (String path : new String[] {"/done/" + other.id() + "/" + secret, "/done/" + d.id() + "/"
                + "a".repeat(26), "/done/4242/" + secret}) {
            RecordingReply r = call("GET", path);
            assertEquals(path, 200, r.status);
            assertEquals(path, "noted\n", r.text());
        }
        assertEquals(404, call("GET", "/done/" + d.id()).status);
        assertEquals(Optional.of(REIMAGE), store.find(d.id()).get().task());
        assertEquals(Optional.of(REIMAGE), store.find(other.id()).get().task());
        assertEquals(0, counters.tasksCleared.sum());
        assertEquals(200, call("GET", doneOf(other)).status);
        assertEquals(Optional.of(REIMAGE), store.find(d.id()).get().task());
        assertEquals(Optional.empty(), store.find(other.id()).get().task());
    }

    @Test
    public void aNewTaskHasANewSecret() throws IOException {
        Device d = device("pc-05", REIMAGE);
        String old = doneOf(d);
        BootTask next = BootTask.oneShot("chain http://192.0.2.1/wipe.ipxe");
        store.setTask(d.name(), Optional.of(next));
        assertEquals(200, call("GET", old).status);
        assertEquals("the old task's callback leaves the new task", Optional.of(next), store.find(d.id()).get().task());
        assertEquals(200, call("GET", doneOf(store.find(d.id()).get())).status);
        assertEquals(Optional.empty(), store.find(d.id()).get().task());
    }

    @Test
    public void malformedCallsAre400WithoutAStoreQuery() throws IOException {
        current.set((PolicyStore) Proxy.newProxyInstance(PolicyStore.class.getClassLoader(),
                new Class<?>[] {PolicyStore.class}, (proxy, method, args) -> {
                    throw new AssertionError("the store was asked about " + method.getName());
                }));
        for (String path : new String[] {"/done/pc-07/" + "a".repeat(26), "/done/-1/" + "a".repeat(26),
                "/done/" + "9".repeat(19) + "/" + "a".repeat(26), "/done/7/short", "/done/7/" + "A".repeat(26),
                "/done/7/" + "a".repeat(27)}) {
            RecordingReply r = call("GET", path);
            assertEquals(path, 400, r.status);
            assertEquals(TaskCompletion.USAGE + "\n", r.text());
        }
    }

    @Test
    public void otherShapesAre404() throws IOException {
        Device d = device("pc-08", REIMAGE);
        assertEquals(404, call("GET", "/done").status);
        assertEquals(404, call("GET", "/done/").status);
        assertEquals(404, call("GET", doneOf(d) + "/again").status);
        assertEquals(Optional.of(REIMAGE), store.find(d.id()).get().task());
    }

    @Test
    public void headChangesNothing() throws IOException {
        Device d = device("pc-09", REIMAGE);
        RecordingReply r = call("HEAD", doneOf(d));
        assertEquals(405, r.status);
        assertEquals("GET, POST", r.header("Allow"));
        assertFalse(r.bodyAsked);
        assertEquals(Optional.of(REIMAGE), store.find(d.id()).get().task());
    }

    @Test
    public void theCallbackIsNeverAFile() throws IOException {
        RecordingReply r = call("GET", "/done/17");
        assertEquals(404, r.status);
        assertEquals("a file named done/17 is not asked for", List.of(), files.asked);
    }

    @Test
    public void withoutAStoreTheCallbackIs503AndFilesAreServed() throws IOException {
        current.set(null);
        RecordingReply r = call("GET", "/done/1/" + "a".repeat(26));
        assertEquals(503, r.status);
        assertTrue(r.text(), r.text().contains("no policy store"));
        RecordingReply file = call("GET", "/undionly.kpxe");
        assertEquals(200, file.status);
        assertEquals(3, file.contentLength);
    }

    @Test
    public void aFailingStoreIs503() throws IOException {
        current.set((PolicyStore) Proxy.newProxyInstance(PolicyStore.class.getClassLoader(),
                new Class<?>[] {PolicyStore.class}, (proxy, method, args) -> {
                    throw new StorageException("database unreachable", null);
                }));
        assertEquals(503, call("GET", "/done/1/" + "a".repeat(26)).status);
    }
}
