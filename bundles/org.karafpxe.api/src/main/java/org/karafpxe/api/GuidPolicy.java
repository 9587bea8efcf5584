package org.karafpxe.api;

import java.util.UUID;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Which client GUIDs may identify a machine. GUIDs that many machines share (all zeros, copied
 * images, cheap boards) are banned: the chain strips them from requests so the MAC identifies
 * those clients. Offered by the policy store; the chain works without it.
 */
@ConsumerType
public interface GuidPolicy {

    /** Whether the GUID is banned. Called for every request: answer from memory. */
    boolean isBanned(UUID guid);

    /** A client was seen with this GUID and MAC, for finding GUIDs shared by several machines. */
    void sighted(UUID guid, MacAddress mac);
}
