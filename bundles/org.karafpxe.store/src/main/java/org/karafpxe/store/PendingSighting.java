package org.karafpxe.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.karafpxe.api.MacAddress;

/**
 * One request of a machine that is not prestaged, as the answer policy notes it while approval is
 * required. Every field comes from the network: the store bounds what it keeps.
 *
 * @param mac          its hardware address
 * @param guid         its SMBIOS GUID, when it sent one that identifies a machine
 * @param architecture its architecture's key
 * @param address      where the request came from
 * @param relay        the relay agent, when relayed
 * @param when         when it came
 */
public record PendingSighting(MacAddress mac, Optional<UUID> guid, String architecture, String address,
        Optional<String> relay, Instant when) {

    public PendingSighting {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(guid, "guid");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(relay, "relay");
        Objects.requireNonNull(when, "when");
    }
}
