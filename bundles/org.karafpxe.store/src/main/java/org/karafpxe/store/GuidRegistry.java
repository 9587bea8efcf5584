package org.karafpxe.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.karafpxe.api.MacAddress;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Banned GUIDs (GUIDs many machines share, so that they identify none) and the sightings of GUIDs
 * from MACs that find them.
 *
 * @since 1.5
 */
@ProviderType
public interface GuidRegistry {

    /** Bans a GUID (again: updates the reason). */
    void banGuid(UUID guid, String reason);

    /** Lifts a ban; false when the GUID was not banned. */
    boolean unbanGuid(UUID guid);

    /** The banned GUIDs, in GUID order. */
    List<BannedGuid> bannedGuids();

    boolean isBanned(UUID guid);

    /**
     * Notes that a client with this GUID booted from this MAC, to find GUIDs that many share.
     * Bookkeeping, as {@link DeviceLookup#markSeen}.
     */
    void recordSighting(UUID guid, MacAddress mac, Instant when);

    /** {@link #recordSighting} for several sightings at once, in one write. */
    default void recordSightings(List<Sighting> sightings) {
        sightings.forEach(s -> recordSighting(s.guid(), s.mac(), s.when()));
    }

    /** The GUIDs seen from more than one MAC, in GUID order. */
    List<DuplicateGuid> duplicateGuids();
}
