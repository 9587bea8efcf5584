package org.karafpxe.tftp;

import java.util.Map;
import java.util.Objects;

/** WRQ. Same shape as {@link ReadRequest}; decoded so that the server can refuse it with a proper error. */
public record WriteRequest(String filename, TransferMode mode, Map<String, String> options) implements TftpPacket {

    public WriteRequest {
        filename = WireText.requireField(filename, "filename");
        Objects.requireNonNull(mode, "mode");
        options = WireText.options(options);
    }

    public WriteRequest(String filename, TransferMode mode) {
        this(filename, mode, Map.of());
    }
}
