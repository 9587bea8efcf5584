package org.karafpxe.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.karafpxe.api.BootAnswer;
import org.karafpxe.api.MacAddress;

/**
 * A prestaged device: a machine the server knows, identified by its SMBIOS GUID, its MAC, or both.
 *
 * @param id             the store's number for the device, stable for its life
 * @param name           unique ignoring case; see {@link DeviceDraft} for the rules
 * @param mac            its network card, as chaddr carries it
 * @param guid           its SMBIOS UUID, as option 97 carries it
 * @param bootProgram    a boot program instead of the architecture default
 * @param referralServer another boot server (host name or IPv4) the device is sent to
 * @param task           a boot task waiting for it
 * @param group          a free label for sorting devices (a lab, a room)
 * @param created        when it was prestaged
 * @param lastSeen       when it last booted from the network and was matched
 */
public record Device(long id, String name, Optional<MacAddress> mac, Optional<UUID> guid,
        Optional<String> bootProgram, Optional<String> referralServer, Optional<BootTask> task,
        Optional<String> group, Instant created, Optional<Instant> lastSeen) {

    public Device {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(guid, "guid");
        Objects.requireNonNull(bootProgram, "bootProgram");
        Objects.requireNonNull(referralServer, "referralServer");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(lastSeen, "lastSeen");
        if (mac.isEmpty() && guid.isEmpty()) {
            throw new IllegalArgumentException("device '" + name + "' has neither MAC nor GUID");
        }
    }

    /** The device's editable fields, e.g. to change a few of them and store the result. */
    public DeviceDraft draft() {
        return new DeviceDraft(name, mac, guid, bootProgram, referralServer, task, group);
    }

    /**
     * Whether the device boots the signed chain (its boot program is {@value BootAnswer#SIGNED_CHAIN}),
     * whose GRUB runs tasks written for GRUB only.
     *
     * @since 1.8
     */
    public boolean bootsSignedChain() {
        return bootProgram.map(String::strip).filter(BootAnswer.SIGNED_CHAIN::equals).isPresent();
    }

    /** How a booting machine is recognised as this device, for listings: "GUID x, MAC y". */
    public String identity() {
        StringBuilder b = new StringBuilder();
        guid.ifPresent(g -> b.append("GUID ").append(g));
        mac.ifPresent(m -> b.append(b.length() > 0 ? ", " : "").append("MAC ").append(m));
        return b.toString();
    }
}
