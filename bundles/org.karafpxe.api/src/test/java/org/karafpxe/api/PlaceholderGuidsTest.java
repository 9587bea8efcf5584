package org.karafpxe.api;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.UUID;
import org.junit.Test;

public class PlaceholderGuidsTest {

    @Test
    public void allZerosAndAllOnesIdentifyNoMachine() {
        assertTrue(PlaceholderGuids.contains(UUID.fromString("00000000-0000-0000-0000-000000000000")));
        assertTrue(PlaceholderGuids.contains(UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff")));
        assertFalse(PlaceholderGuids.contains(UUID.fromString("4c4c4544-0042-3510-8052-b4c04f564433")));
        assertFalse(PlaceholderGuids.contains(UUID.fromString("00000000-0000-0000-0000-000000000001")));
        assertFalse(PlaceholderGuids.contains(null));
    }
}
