package org.karafpxe.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One administrative change, as the audit trail keeps it.
 *
 * @param id      its number, in the order recorded
 * @param at      when it was made
 * @param actor   who made it: the console user, {@code file} for an edited configuration file,
 *                {@code system} for the server's own changes (a one-shot task taken as it is served)
 * @param action  what was done, such as {@code device-add}, {@code task-set}, {@code guid-ban},
 *                {@code pending-approved}, {@code config}
 * @param subject what it was done to: a device's name, a GUID, a MAC, a configuration's PID and key
 * @param before  the value before, when there was one
 * @param after   the value after, when there is one
 */
public record AuditEntry(long id, Instant at, String actor, String action, String subject, Optional<String> before,
        Optional<String> after) {

    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }
}
