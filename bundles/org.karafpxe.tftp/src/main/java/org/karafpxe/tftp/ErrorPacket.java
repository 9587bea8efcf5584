package org.karafpxe.tftp;

import java.util.Objects;

/**
 * ERROR. A peer's numeric code outside the defined range decodes to {@link TftpErrorCode#UNKNOWN}.
 * The message is free text; characters that ISO-8859-1 cannot carry, and NUL, are replaced on encoding
 * rather than rejected, so that building an error reply can never fail.
 */
public record ErrorPacket(TftpErrorCode code, String message) implements TftpPacket {

    public ErrorPacket {
        Objects.requireNonNull(code, "code");
        message = message == null ? "" : message;
    }
}
