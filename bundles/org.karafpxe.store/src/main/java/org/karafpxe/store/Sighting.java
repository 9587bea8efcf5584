package org.karafpxe.store;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.karafpxe.api.MacAddress;

/**
 * A client with this GUID booted from this MAC at this time; see {@link PolicyStore#recordSightings}.
 *
 * @param guid the client's SMBIOS GUID (option 97)
 * @param mac  the MAC it booted from
 * @param when when it asked
 */
public record Sighting(UUID guid, MacAddress mac, Instant when) {

    public Sighting {
        Objects.requireNonNull(guid, "guid");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(when, "when");
    }
}
