package org.karafpxe.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Machines held for an administrator's approval (WDS's "require administrator approval for unknown
 * computers"), in the policy store so that every server sharing it shows and approves the same queue.
 * The answer policy notes each request of a machine that is not prestaged; the console approves
 * (prestages it), rejects, or deletes the records. The queue is capped: a segment of machines nobody
 * approves cannot grow it without bound.
 */
@ProviderType
public interface PendingDevices {

    /**
     * Notes a request: a new machine gets a pending record with a new token, a known one its last
     * seen time, address and count updated (its state and token stay). Beyond {@code max} records,
     * the least recently seen go first, and {@link #evicted()} counts them.
     *
     * @return the machine's record as stored
     */
    PendingDevice sighted(PendingSighting sighting, int max);

    /** The record whose waiting script has this token. */
    Optional<PendingDevice> byToken(String token);

    /** A record by its number or its machine's MAC. */
    Optional<PendingDevice> findPending(String idOrMac);

    /** Every record, most recently seen first. */
    List<PendingDevice> listPending();

    /** Sets a record's state; false when there is no such record. */
    boolean setState(long id, PendingDevice.State state);

    /** Deletes a record (a rejected machine is then held again at its next boot); false when there was none. */
    boolean deletePending(long id);

    /**
     * Deletes the records in {@code states} not seen since {@code before}.
     *
     * @return how many were deleted
     */
    int clearPending(List<PendingDevice.State> states, Instant before);

    /** Records the cap removed since this server started. */
    long evicted();
}
