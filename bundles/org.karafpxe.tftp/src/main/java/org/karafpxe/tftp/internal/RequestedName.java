package org.karafpxe.tftp.internal;

import java.util.List;
import java.util.Objects;
import org.karafpxe.tftp.TftpErrorCode;

/**
 * A requested file name checked without touching any disk: either the normalised name that boot file
 * sources are asked for, or the error to answer with.
 */
public sealed interface RequestedName permits RequestedName.Valid, RequestedName.Invalid {

    /** Components in request order, none empty, {@code .} or {@code ..}. */
    record Valid(List<String> components) implements RequestedName {
        public Valid {
            components = List.copyOf(components);
            if (components.isEmpty()) {
                throw new IllegalArgumentException("a name has at least one component");
            }
        }

        /** The name with {@code /} separators and no leading separator, as a {@code BootFileSource} receives it. */
        public String path() {
            return String.join("/", components);
        }
    }

    /** The message is safe to send to the client. */
    record Invalid(TftpErrorCode code, String message) implements RequestedName {
        public Invalid {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }
}
