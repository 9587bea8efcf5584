package org.karafpxe.api;

import java.net.InetAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to tell a client that is to boot from the network.
 *
 * @param bootFile       the network boot program: a TFTP path ({@code undionly.kpxe}) or, for
 *                       UEFI HTTP boot, a URL
 * @param bootServer     empty: this server serves the file; present: a referral, the client
 *                       fetches the file from that server (a WDS referral server)
 * @param bootServerName the boot server's host name for the sname field and option 66, if any
 * @param extraOptions   further DHCP options to put in the reply, code to value
 */
public record BootAnswer(
        String bootFile,
        Optional<InetAddress> bootServer,
        Optional<String> bootServerName,
        Map<Integer, byte[]> extraOptions) {

    public BootAnswer {
        Objects.requireNonNull(bootFile, "bootFile");
        if (bootFile.isBlank()) {
            throw new IllegalArgumentException("a boot answer needs a boot file");
        }
        Objects.requireNonNull(bootServer, "bootServer");
        Objects.requireNonNull(bootServerName, "bootServerName");
        Map<Integer, byte[]> copy = new LinkedHashMap<>();
        extraOptions.forEach((code, value) -> {
            if (code < 1 || code > 254) {
                throw new IllegalArgumentException("DHCP option codes are 1..254, got " + code);
            }
            copy.put(code, value.clone());
        });
        extraOptions = Collections.unmodifiableMap(copy);
    }

    /** This server serves the boot file. */
    public static BootAnswer of(String bootFile) {
        return new BootAnswer(bootFile, Optional.empty(), Optional.empty(), Map.of());
    }

    /** The client is sent to another boot server for its boot file. */
    public static BootAnswer referral(String bootFile, InetAddress server) {
        return new BootAnswer(bootFile, Optional.of(server), Optional.empty(), Map.of());
    }

    public boolean isReferral() {
        return bootServer.isPresent();
    }

    /** A copy of one extra option's value. */
    public Optional<byte[]> extraOption(int code) {
        byte[] value = extraOptions.get(code);
        return value == null ? Optional.empty() : Optional.of(value.clone());
    }
}
