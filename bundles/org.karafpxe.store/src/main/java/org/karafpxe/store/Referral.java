package org.karafpxe.store;

import java.net.Inet4Address;
import java.util.Objects;

/**
 * Where a device's referral server stands for a request, as {@link ReferralServers#resolve} knows it
 * without a lookup: an address to send the client to, or why it cannot be used.
 */
public sealed interface Referral permits Referral.To, Referral.Unusable {

    /**
     * The client is sent to this address.
     *
     * @param address the referral server's IPv4 address
     * @param warning empty, or what the operator must know (the name no longer resolves, and this
     *                is its last address)
     */
    record To(Inet4Address address, String warning) implements Referral {
        public To {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(warning, "warning");
        }
    }

    /** The referral server cannot be used now; the reason says why, for the operator. */
    record Unusable(String reason) implements Referral {
        public Unusable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
