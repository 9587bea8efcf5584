package org.karafpxe.tftp;

import java.util.Objects;

/** Outcome of decoding a datagram: hostile input is data, not an exception. */
public sealed interface DecodeResult permits DecodeResult.Decoded, DecodeResult.Malformed {

    record Decoded(TftpPacket packet) implements DecodeResult {
        public Decoded {
            Objects.requireNonNull(packet, "packet");
        }
    }

    record Malformed(MalformedReason reason, String detail) implements DecodeResult {
        public Malformed {
            Objects.requireNonNull(reason, "reason");
            detail = detail == null ? "" : detail;
        }
    }
}
