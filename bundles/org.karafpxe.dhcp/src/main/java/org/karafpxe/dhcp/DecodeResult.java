package org.karafpxe.dhcp;

import java.util.Objects;

/**
 * Outcome of decoding one datagram. A sealed type rather than an exception because malformed
 * traffic is routine on a broadcast segment and the receive loop should switch on it, not unwind.
 */
public sealed interface DecodeResult {

    /** A well-formed packet. */
    record Decoded(DhcpPacket packet) implements DecodeResult {
        public Decoded {
            Objects.requireNonNull(packet, "packet");
        }
    }

    /** A datagram that was dropped, with a reason to count and a detail to log. */
    record Malformed(DropReason reason, String detail) implements DecodeResult {
        public Malformed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
