package org.karafpxe.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.karafpxe.api.MacAddress;

/**
 * A GUID seen from more than one MAC: either one machine with several network cards, or (more
 * often) a model whose firmware gives every unit the same GUID. In the second case the GUID should
 * be banned, or every one of those machines matches the same prestaged device.
 *
 * @param guid     the GUID
 * @param macs     the MACs it came from, sorted
 * @param lastSeen the latest sighting from any of them
 * @param banned   whether it is banned already
 */
public record DuplicateGuid(UUID guid, List<MacAddress> macs, Instant lastSeen, boolean banned) {

    public DuplicateGuid {
        Objects.requireNonNull(guid, "guid");
        macs = List.copyOf(macs);
        Objects.requireNonNull(lastSeen, "lastSeen");
    }
}
