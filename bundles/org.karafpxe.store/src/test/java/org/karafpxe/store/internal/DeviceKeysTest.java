package org.karafpxe.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.karafpxe.api.MacAddress;
import org.karafpxe.store.DeviceChange;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.PolicyStore;

/** The in-memory MACs and GUIDs in front of match, on an embedded H2 file as the server runs it. */
public class DeviceKeysTest {
    private static final MacAddress MAC_1 = MacAddress.parse("52:54:00:12:34:56").orElseThrow();
    private static final MacAddress MAC_2 = MacAddress.parse("52:54:00:ab:cd:ef").orElseThrow();
    private static final MacAddress MAC_3 = MacAddress.parse("02:00:00:00:00:01").orElseThrow();
    private static final UUID GUID_1 = UUID.fromString("4c4c4544-0042-3510-8052-b4c04f564433");
    private static final UUID GUID_2 = UUID.fromString("8b6b6f3e-1c9a-4e55-9d3a-0a1b2c3d4e5f");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final AtomicInteger connections = new AtomicInteger();

    private DataSource counted(DataSource ds) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        connections.incrementAndGet();
                    }
                    return method.invoke(ds, args);
                });
    }

    private PolicyStore open(File base) {
        return JdbcPolicyStore.open(counted(TestDatabase.h2(TestDatabase.h2Url(base))));
    }

    @Test
    public void anUnknownClientIsToldWithoutAQuery() throws Exception {
        PolicyStore store = open(new File(tmp.newFolder(), "store"));
        store.add(DeviceDraft.builder("lab-1").mac(MAC_1.toString()).guid(GUID_1.toString()).build());
        int before = connections.get();
        assertEquals(Optional.empty(), store.match(Optional.of(GUID_2), MAC_2));
        assertEquals(Optional.empty(), store.match(Optional.empty(), MAC_3));
        assertEquals("no connection taken for unknown clients", before, connections.get());
        assertEquals("lab-1", store.match(Optional.of(GUID_2), MAC_1).orElseThrow().name());
        assertEquals("lab-1", store.match(Optional.of(GUID_1), MAC_2).orElseThrow().name());
        assertTrue("a possible match asks the database", connections.get() > before);
    }

    @Test
    public void theStoreTellsWhenAMatchNeedsNoQuery() throws Exception {
        PolicyStore store = open(new File(tmp.newFolder(), "store"));
        store.add(DeviceDraft.builder("lab-1").mac(MAC_1.toString()).guid(GUID_1.toString()).build());
        int before = connections.get();
        assertTrue(store.surelyMatchesNothing(Optional.of(GUID_2), MAC_2));
        assertTrue(store.surelyMatchesNothing(Optional.empty(), MAC_3));
        assertFalse("a known MAC needs a query", store.surelyMatchesNothing(Optional.of(GUID_2), MAC_1));
        assertFalse("a known GUID needs a query", store.surelyMatchesNothing(Optional.of(GUID_1), MAC_2));
        assertEquals("telling takes no connection", before, connections.get());

        store.update("lab-1", DeviceChange.builder().mac(MAC_2.toString()).build());
        assertFalse("a write is seen at once", store.surelyMatchesNothing(Optional.empty(), MAC_2));
    }

    @Test
    public void aSharedDatabaseAlwaysNeedsAQuery() throws Exception {
        PolicyStore store = JdbcPolicyStore.open(TestDatabase.h2("jdbc:h2:mem:shared-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
        assertFalse(store.surelyMatchesNothing(Optional.of(GUID_2), MAC_2));
        assertFalse(store.surelyMatchesNothing(Optional.empty(), MAC_3));
    }

    @Test
    public void everyWriteIsSeenByTheNextMatch() throws Exception {
        PolicyStore store = open(new File(tmp.newFolder(), "store"));
        store.add(DeviceDraft.builder("lab-1").mac(MAC_1.toString()).build());
        assertEquals("lab-1", store.match(Optional.empty(), MAC_1).orElseThrow().name());

        store.update("lab-1", DeviceChange.builder().mac(MAC_2.toString()).guid(GUID_2.toString()).build());
        assertEquals("lab-1", store.match(Optional.empty(), MAC_2).orElseThrow().name());
        assertEquals("lab-1", store.match(Optional.of(GUID_2), MAC_3).orElseThrow().name());
        assertEquals("the old MAC is on no device", Optional.empty(), store.match(Optional.empty(), MAC_1));

        store.importCsv(new StringReader(PolicyStore.CSV_HEADER + "\nlab-3,02:00:00:00:00:01,,,,,,\n"));
        assertEquals("lab-3", store.match(Optional.empty(), MAC_3).orElseThrow().name());

        assertTrue(store.remove("lab-3"));
        assertEquals(Optional.empty(), store.match(Optional.empty(), MAC_3));
    }

    @Test
    public void theKeysOfStoredDevicesAreLoadedWhenTheStoreOpens() throws Exception {
        File base = new File(tmp.newFolder(), "store");
        open(base).add(DeviceDraft.builder("lab-1").mac(MAC_1.toString()).guid(GUID_1.toString()).build());
        PolicyStore reopened = open(base);
        assertEquals("lab-1", reopened.match(Optional.empty(), MAC_1).orElseThrow().name());
        assertEquals("lab-1", reopened.match(Optional.of(GUID_1), MAC_2).orElseThrow().name());
    }

    @Test
    public void aBannedGuidStillFallsBackToTheMac() throws Exception {
        PolicyStore store = open(new File(tmp.newFolder(), "store"));
        store.add(DeviceDraft.builder("lab-1").guid(GUID_1.toString()).build());
        store.add(DeviceDraft.builder("lab-2").mac(MAC_2.toString()).build());
        store.banGuid(GUID_1, "shared by a batch of boards");
        assertEquals("lab-2", store.match(Optional.of(GUID_1), MAC_2).orElseThrow().name());
        assertEquals(Optional.empty(), store.match(Optional.of(GUID_1), MAC_1));
    }

    @Test
    public void onlyAnEmbeddedFileIsTheServersAlone() {
        assertTrue(JdbcPolicyStore.exclusive("jdbc:h2:file:/var/karaf/data/pxe/store;WRITE_DELAY=0"));
        assertTrue(JdbcPolicyStore.exclusive("jdbc:h2:./data/store"));
        assertFalse(JdbcPolicyStore.exclusive("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1"));
        assertFalse(JdbcPolicyStore.exclusive("jdbc:h2:tcp://db.example/pxe"));
        assertFalse(JdbcPolicyStore.exclusive("jdbc:h2:ssl://db.example/pxe"));
        assertFalse(JdbcPolicyStore.exclusive("jdbc:h2:file:/srv/pxe;AUTO_SERVER=TRUE"));
        assertFalse(JdbcPolicyStore.exclusive("jdbc:postgresql://db.example/pxe"));
    }

    @Test
    public void theSetHoldsEveryKeyAddedThroughItsGrowth() {
        DeviceKeys.LongSet set = new DeviceKeys.LongSet();
        for (long k = 1; k <= 100_000; k++) {
            set.add(k * 0x10001L);
        }
        set.add(0x10001L);
        assertEquals(100_000, set.size());
        for (long k = 1; k <= 100_000; k++) {
            assertTrue(set.contains(k * 0x10001L));
            assertFalse(set.contains(k * 0x10001L + 1));
        }
    }
}
