package org.karafpxe.store;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A GUID that does not identify a machine (many machines of one model report it), so clients that
 * send it are known by their MAC instead, as WDS does with its banned GUID list.
 *
 * @param guid     the banned GUID
 * @param reason   why, for the next operator: one line of 1 to 255 characters
 * @param bannedAt when it was banned (or its reason last changed)
 */
public record BannedGuid(UUID guid, String reason, Instant bannedAt) {

    public BannedGuid {
        Objects.requireNonNull(guid, "guid");
        Checks.reason(reason);
        Objects.requireNonNull(bannedAt, "bannedAt");
    }
}
