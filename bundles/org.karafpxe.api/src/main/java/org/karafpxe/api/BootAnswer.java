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
 * @param localBoot      the client is to boot locally now ({@link #abort()}); the boot file is empty
 */
public record BootAnswer(
        String bootFile,
        Optional<InetAddress> bootServer,
        Optional<String> bootServerName,
        Map<Integer, byte[]> extraOptions,
        boolean localBoot) {

    /**
     * The boot program that means "boot locally now" (WDS's AbortPXE.com): in a policy's
     * {@code bootfile.<architecture>} or as a device's boot program.
     */
    public static final String ABORT = "abort";

    public BootAnswer {
        Objects.requireNonNull(bootFile, "bootFile");
        if (bootFile.isBlank() && !localBoot) {
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

    /** An answer with a boot file to fetch (not a local boot). */
    public BootAnswer(String bootFile, Optional<InetAddress> bootServer, Optional<String> bootServerName,
            Map<Integer, byte[]> extraOptions) {
        this(bootFile, bootServer, bootServerName, extraOptions, false);
    }

    /** This server serves the boot file. */
    public static BootAnswer of(String bootFile) {
        return new BootAnswer(bootFile, Optional.empty(), Optional.empty(), Map.of());
    }

    /**
     * Boot locally now, without a download or waiting for timeouts (what WDS's AbortPXE.com
     * does): the PXE firmware is offered a boot menu whose only item, chosen at once, is local
     * boot, so it gives up network boot and the firmware goes on to its next boot device.
     */
    public static BootAnswer abort() {
        return new BootAnswer("", Optional.empty(), Optional.empty(), Map.of(), true);
    }

    /** The answer for a configured boot program: {@link #ABORT} (any case) is {@link #abort()}. */
    public static BootAnswer forProgram(String program) {
        return program.trim().equalsIgnoreCase(ABORT) ? abort() : of(program);
    }

    /** The client is sent to another boot server for its boot file. */
    public static BootAnswer referral(String bootFile, InetAddress server) {
        return new BootAnswer(bootFile, Optional.of(server), Optional.empty(), Map.of());
    }

    /** The boot file, or "abort (local boot)", for logs and consoles. */
    public String describe() {
        return localBoot ? ABORT + " (local boot)" : bootFile;
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
