package org.karafpxe.store.internal;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.After;
import org.junit.Test;
import org.karafpxe.api.MacAddress;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.Sighting;

public class StoreGuidPolicyTest {
    private static final UUID SHARED = UUID.fromString("03000200-0400-0500-0006-000700080009");
    private static final UUID OWN = UUID.fromString("4c4c4544-0042-3510-8052-b4c04f564433");

    private final List<Sighting> written = new CopyOnWriteArrayList<>();
    private final StoreGuidPolicy policy = new StoreGuidPolicy();

    @SuppressWarnings("unchecked")
    private PolicyStore recordingStore() {
        return (PolicyStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PolicyStore.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "recordSightings" -> {
                        written.addAll((List<Sighting>) args[0]);
                        yield null;
                    }
                    case "bannedGuids" -> List.of();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static MacAddress mac(int i) {
        return MacAddress.of(new byte[] {0x02, 0x53, 0x54, 0, (byte) (i >> 8), (byte) i});
    }

    private void activate() throws Exception {
        Field store = StoreGuidPolicy.class.getDeclaredField("store");
        store.setAccessible(true);
        store.set(policy, recordingStore());
        policy.activate();
    }

    @After
    public void deactivate() {
        policy.deactivate();
    }

    /** Sightings are written on a thread of their own: waits until the count stops moving. */
    private int settledCount() throws InterruptedException {
        int last = -1;
        while (written.size() != last) {
            last = written.size();
            Thread.sleep(200);
        }
        return last;
    }

    @Test
    public void aGuidSharedByManyMacsIsWrittenWithTheFirstOnesOnly() throws Exception {
        activate();
        for (int i = 0; i < 1000; i++) {
            policy.sighted(SHARED, mac(i));
        }
        policy.sighted(OWN, mac(5000));
        assertEquals(StoreGuidPolicy.MAX_MACS_PER_GUID, settledCount());
        assertEquals(StoreGuidPolicy.MAX_MACS_PER_GUID, written.stream().filter(s -> s.guid().equals(SHARED)).count());
        assertEquals(mac(0), written.get(0).mac());
    }

    @Test
    public void aGuidSeenFromOneMacIsNeverWrittenHoweverManyThereAre() throws Exception {
        activate();
        // Every machine's case, and what a stranger inventing GUIDs sends: nothing to find.
        for (int i = 0; i < 5000; i++) {
            policy.sighted(new UUID(0x77, i), mac(i));
        }
        policy.sighted(OWN, mac(1));
        policy.sighted(OWN, mac(2));
        assertEquals("only the GUID seen from a second MAC, with both MACs", 2, settledCount());
        assertEquals(List.of(mac(1), mac(2)), written.stream().map(Sighting::mac).toList());
    }

    @Test
    public void aPairSeenAgainWithinTheMinuteIsNotWrittenAgain() throws Exception {
        activate();
        policy.sighted(OWN, mac(1));
        policy.sighted(OWN, mac(1));
        policy.sighted(OWN, mac(2));
        assertEquals(2, settledCount());
    }
}
