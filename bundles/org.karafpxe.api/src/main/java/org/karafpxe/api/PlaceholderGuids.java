package org.karafpxe.api;

import java.util.UUID;

/**
 * The GUIDs that identify no machine: all zeros (QEMU without {@code -uuid}, many cheap boards,
 * firmware that leaves the SMBIOS field empty) and all ones (an erased field). A request carrying
 * one is matched by its MAC, no device may be given one, and each is banned in every store.
 *
 * @since 1.5
 */
public final class PlaceholderGuids {
    public static final UUID ALL_ZEROS = new UUID(0, 0);
    public static final UUID ALL_ONES = new UUID(-1, -1);

    private PlaceholderGuids() {
    }

    /** Whether the GUID is one of them. */
    public static boolean contains(UUID guid) {
        return ALL_ZEROS.equals(guid) || ALL_ONES.equals(guid);
    }
}
