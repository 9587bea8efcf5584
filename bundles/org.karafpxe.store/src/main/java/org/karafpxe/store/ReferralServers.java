package org.karafpxe.store;

import java.net.Inet4Address;
import java.util.Map;
import java.util.Optional;
import org.karafpxe.api.BootAnswer;
import org.karafpxe.api.Decision;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The addresses of the referral servers devices are sent to (WDS referral servers). A host name is
 * looked up when an operator sets it, and again in the background; a request never waits for a
 * lookup. Registered by the store bundle; devices written through the store service are checked
 * with {@link #check} first, so a referral server that cannot be used is refused when it is set.
 */
@ProviderType
public interface ReferralServers {

    /**
     * Checks a referral server an operator sets, looking a host name up now, and keeps its address
     * for requests.
     *
     * @return its IPv4 address
     * @throws InvalidValueException naming {@code referralServer}, when the server cannot be used:
     *                               a name that does not resolve to an IPv4 address, or an address
     *                               no client can be sent to (0.0.0.0, broadcast, multicast, loopback)
     */
    Inet4Address check(String server);

    /** Where the referral server stands now, without a lookup (for the request path). */
    Referral resolve(String server);

    /**
     * The decision for a device referred to {@code server} with {@code bootFile}: SERVICE with a
     * referral, saying so loudly when the server's name no longer resolves and its last address is
     * used; IGNORE with the reason when it cannot be used, rather than booting the device from here.
     * A boot file of {@link BootAnswer#ABORT} boots the device locally, referral or not.
     *
     * @param who the device, for the reason (for example "prestaged lab-01 (by MAC)")
     */
    default Decision refer(String server, String bootFile, String who) {
        BootAnswer local = BootAnswer.forProgram(bootFile);
        if (local.localBoot()) {
            return Decision.service(local, who + ": abort (local boot), its referral to " + server + " unused");
        }
        Referral referral = resolve(server);
        if (referral instanceof Referral.To to) {
            String address = to.address().getHostAddress();
            String where = address.equals(server) ? server : server + " (" + address + ")";
            return Decision.service(new BootAnswer(bootFile, Optional.of(to.address()), Optional.of(server), Map.of()),
                    who + ": referred to " + where + " for " + bootFile
                            + (to.warning().isEmpty() ? "" : "; WARNING: " + to.warning()));
        }
        return Decision.ignore(who + ": not answered, its referral server cannot be used: "
                + ((Referral.Unusable) referral).reason());
    }
}
