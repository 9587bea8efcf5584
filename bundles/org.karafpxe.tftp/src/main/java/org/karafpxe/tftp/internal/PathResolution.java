package org.karafpxe.tftp.internal;

import java.nio.file.Path;
import java.util.Objects;
import org.karafpxe.tftp.TftpErrorCode;

/** Result of mapping a requested file name to a file under the TFTP root. */
public sealed interface PathResolution permits PathResolution.Resolved, PathResolution.Refused {

    /** A regular file whose real path lies under the root's real path. */
    record Resolved(Path path) implements PathResolution {
        public Resolved {
            Objects.requireNonNull(path, "path");
        }
    }

    /** The error to answer with; the message is safe to send to the client. */
    record Refused(TftpErrorCode code, String message) implements PathResolution {
        public Refused {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }
}
