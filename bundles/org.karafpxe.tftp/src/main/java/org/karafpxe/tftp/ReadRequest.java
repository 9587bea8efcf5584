package org.karafpxe.tftp;

import java.util.Map;
import java.util.Objects;

/**
 * RRQ. Options keep the order the client sent them in, with names lower-cased.
 *
 * <p>The filename is the raw request text (bytes read as ISO-8859-1); it is untrusted and must go
 * through path resolution before use.
 */
public record ReadRequest(String filename, TransferMode mode, Map<String, String> options) implements TftpPacket {

    public ReadRequest {
        filename = WireText.requireField(filename, "filename");
        Objects.requireNonNull(mode, "mode");
        options = WireText.options(options);
    }

    public ReadRequest(String filename, TransferMode mode) {
        this(filename, mode, Map.of());
    }
}
