package org.karafpxe.testing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.StringReader;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.Test;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.DuplicateException;
import org.karafpxe.store.ImportException;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.PolicyStoreContract;

/**
 * The in-memory store passes the store's contract, as the JDBC store does on H2 and PostgreSQL;
 * the tests here pin details in which the JDBC store behaves so on both databases too.
 */
public class InMemoryPolicyStoreTest extends PolicyStoreContract {

    @Override
    protected PolicyStore newStore(Clock clock) {
        return new InMemoryPolicyStore(clock);
    }

    @Test
    public void ofAddsTheDevicesInOrder() {
        InMemoryPolicyStore s = InMemoryPolicyStore.of(DeviceDraft.builder("lab-2").mac(MAC_2).group("lab").build(),
                DeviceDraft.builder("lab-1").guid(GUID_A).build());
        assertEquals(List.of("lab-1", "lab-2"), s.list().stream().map(Device::name).toList());
        assertEquals(Optional.of("lab-2"), s.find(1).map(Device::name));
        assertEquals(Optional.of("lab-2"), s.match(Optional.empty(), MAC_2).map(Device::name));
    }

    @Test
    public void idsAreNeverReusedAndARefusedInsertUsesOneUpAsADatabaseSequenceDoes() throws Exception {
        add("lab-1", MAC_1, null);
        assertThrows(DuplicateException.class, () -> add("lab-2", MAC_1, null));
        assertThrows(ImportException.class, () -> store.importCsv(new StringReader(
                "name,mac\nnew-1,52:54:00:00:00:09\nnew-2," + MAC_1 + "\n")));
        assertEquals(5, add("lab-2", MAC_2, null).id());
        store.remove("lab-2");
        assertEquals(6, add("lab-2", MAC_2, null).id());
    }

    @Test
    public void ofSeveralTakenValuesTheNameIsToldFirstThenTheMac() {
        add("lab-1", MAC_1, null);
        add("lab-3", MAC_3, GUID_A);
        assertEquals("the name 'LAB-1' is taken by device 'lab-1' (names ignore case)",
                assertThrows(DuplicateException.class, () -> add("LAB-1", MAC_1, GUID_A)).getMessage());
        assertEquals("MAC 52:54:00:12:34:56 already belongs to device 'lab-1'",
                assertThrows(DuplicateException.class, () -> add("lab-4", MAC_1, GUID_A)).getMessage());
    }

    @Test
    public void aBanReasonComesBackWithoutTheBlanksAroundIt() {
        store.banGuid(GUID_A, "  cloned image ");
        assertEquals("cloned image", store.bannedGuids().get(0).reason());
    }
}
