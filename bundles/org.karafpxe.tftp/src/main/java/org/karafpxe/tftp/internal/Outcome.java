package org.karafpxe.tftp.internal;

import java.util.List;
import java.util.Objects;
import org.karafpxe.tftp.TftpPacket;

/** What a transfer wants sent, in order, and the state it is in afterwards. */
public record Outcome(List<TftpPacket> packets, TransferState state) {

    public Outcome {
        packets = List.copyOf(packets);
        Objects.requireNonNull(state, "state");
    }

    static Outcome nothing(TransferState state) {
        return new Outcome(List.of(), state);
    }
}
