package org.karafpxe.tftp;

import java.time.Instant;
import java.util.Objects;

/**
 * A transfer that has ended, as the server keeps the last of them: what it sent, and how it ended.
 *
 * @param ended    when it ended
 * @param transfer its figures at the end
 * @param outcome  {@code complete}, {@code aborted} (by the client) or {@code failed}
 * @since 1.2
 */
public record TftpTransfer(Instant ended, TftpSessionInfo transfer, String outcome) {
    public TftpTransfer {
        Objects.requireNonNull(ended, "ended");
        Objects.requireNonNull(transfer, "transfer");
        Objects.requireNonNull(outcome, "outcome");
    }
}
