package org.karafpxe.store;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.karafpxe.api.MacAddress;

/**
 * A machine that is not prestaged, held for an administrator's approval (WDS's pending devices): what
 * it said of itself and where its requests came from.
 *
 * @param id           the record's number, as the console names it
 * @param mac          its hardware address
 * @param guid         its SMBIOS GUID, when it sent one that identifies a machine
 * @param architecture its architecture's key, as option 93 gave it (x64-uefi, x86-bios...)
 * @param address      the address its last request came from (a relay's, when relayed)
 * @param relay        the relay agent (giaddr) of its last request, when relayed
 * @param firstSeen    its first request
 * @param lastSeen     its last request
 * @param requests     how many requests it sent, across servers sharing the store
 * @param state        pending, rejected or approved
 * @param token        the random name of its waiting script (the only way to it): never shown to
 *                     other machines
 */
public record PendingDevice(long id, MacAddress mac, Optional<UUID> guid, String architecture, String address,
        Optional<String> relay, Instant firstSeen, Instant lastSeen, long requests, State state, String token) {

    /** Where a held machine stands. */
    public enum State {
        /** Waits for an administrator. */
        PENDING,
        /** Boots its next device, and is not held again until the record is deleted. */
        REJECTED,
        /** Was prestaged from this record. */
        APPROVED;

        /** The name the console and the database use. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public PendingDevice {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(guid, "guid");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(relay, "relay");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(token, "token");
    }
}
