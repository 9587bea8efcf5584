package org.karafpxe.tftp.internal;

import java.util.Objects;
import org.karafpxe.api.BootFile;

/** What asking the boot file sources for a name gave. */
sealed interface OpenResult permits OpenResult.Opened, OpenResult.NotFound, OpenResult.Refused, OpenResult.Failed {

    /**
     * @param source    which source had the file, for the log
     * @param localFile whether it is a file of the server's own folder, which reads from the local file
     *                  system rather than from another bundle's code (a database, generated content)
     */
    record Opened(BootFile file, String source, boolean localFile) implements OpenResult {
        public Opened {
            Objects.requireNonNull(file, "file");
        }
    }

    /** No source has the file. */
    record NotFound() implements OpenResult {
    }

    /** A source has the name but refuses it; the message is safe to send to the client. */
    record Refused(String message) implements OpenResult {
    }

    /** No source had the file, and at least one failed while looking. */
    record Failed(String message) implements OpenResult {
    }
}
