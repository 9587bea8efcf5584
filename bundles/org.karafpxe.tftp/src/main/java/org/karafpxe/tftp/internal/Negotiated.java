package org.karafpxe.tftp.internal;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Transfer parameters agreed with a client.
 *
 * @param sendOack whether the transfer opens with an OACK carrying {@code oack}; false means plain
 *                 RFC 1350 behaviour, starting with DATA 1
 */
public record Negotiated(int blockSize, int windowSize, Duration timeout, boolean sendOack, Map<String, String> oack) {

    public Negotiated {
        if (blockSize < OptionNegotiator.MIN_BLOCK_SIZE || blockSize > OptionNegotiator.MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("block size out of range: " + blockSize);
        }
        if (windowSize < 1 || windowSize > OptionNegotiator.MAX_WINDOW_SIZE) {
            throw new IllegalArgumentException("window size out of range: " + windowSize);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        oack = Collections.unmodifiableMap(new LinkedHashMap<>(oack));
        if (sendOack == oack.isEmpty()) {
            throw new IllegalArgumentException("an OACK is sent exactly when it has options");
        }
    }

    /** RFC 1350 parameters: 512-byte blocks, one block per ACK, no OACK. */
    public static Negotiated plain(Duration timeout) {
        return new Negotiated(OptionNegotiator.DEFAULT_BLOCK_SIZE, 1, timeout, false, Map.of());
    }
}
