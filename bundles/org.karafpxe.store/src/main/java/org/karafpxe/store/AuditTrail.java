package org.karafpxe.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The record of administrative changes, in the policy store. The store writes the changes it makes
 * (devices, tasks, banned GUIDs, pending machines) in the same transaction as the change, with the
 * user of the console command that made it; other parts of the server add what the store does not
 * see (an edited configuration file). It is bounded: a retention in days, and a most kept.
 */
@ProviderType
public interface AuditTrail {

    /**
     * Records a change the store did not make itself.
     *
     * @param actor who made it: a console user, or {@code file}
     */
    void recordChange(String actor, String action, String subject, Optional<String> before, Optional<String> after);

    /**
     * The latest changes first.
     *
     * @param subject only changes to this subject (a device's name, a MAC, a GUID, a PID), any case
     * @param since   only changes made since then
     * @param limit   at most this many
     */
    List<AuditEntry> auditEntries(Optional<String> subject, Optional<Instant> since, int limit);
}
