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
 * @param endsInLocalBoot the boot file is a script that sends the machine on to its next boot
 *                       device ({@link #localBootScript}): this boot of the machine is to fall
 *                       through, and the firmware's later network boot options are answered so
 *                       that they give up at once
 */
public record BootAnswer(
        String bootFile,
        Optional<InetAddress> bootServer,
        Optional<String> bootServerName,
        Map<Integer, byte[]> extraOptions,
        boolean localBoot,
        boolean endsInLocalBoot) {

    /**
     * The boot program that means "boot locally now" (WDS's AbortPXE.com): in a policy's
     * {@code bootfile.<architecture>} or as a device's boot program.
     */
    public static final String ABORT = "abort";

    /**
     * The server's local-boot script (iPXE's {@code exit 1}), the policy's boot program for iPXE
     * clients that are not prestaged: an answer with it {@link #endsInLocalBoot() ends in local boot}.
     *
     * @since 1.5
     */
    public static final String LOCAL_BOOT_SCRIPT = "ipxe/default.ipxe";

    /**
     * The signed chain for UEFI Secure Boot (shim signed by Microsoft's UEFI CA, then GRUB signed by
     * Debian) as a policy's or a device's boot program. Given without a boot task, shim is refused
     * its second stage and returns to the firmware, which goes on to its next boot device: an answer
     * with it {@link #endsInLocalBoot() ends in local boot}. A device with a task written for GRUB
     * gets its own path, which the signed chain's provider issues.
     *
     * @since 1.6
     */
    public static final String SIGNED_CHAIN = "grub/shimx64.efi";

    /**
     * The server's press-a-key prompt in front of an iPXE script: {@code ipxe/prompt/optin/<script>}
     * runs the script only when the key is pressed, {@code ipxe/prompt/optout/<script>} unless it is
     * pressed (the prompt's timeout, key and words are the iPXE provider's). The answer policy puts
     * machines that are not prestaged behind it ({@code prompt.new}).
     *
     * @since 1.7
     */
    public static final String PROMPT_FOLDER = "ipxe/prompt/";

    /**
     * The scripts of machines held for an administrator's approval: {@code ipxe/pending/<token>.ipxe},
     * named by the random token of the machine's pending record, waits on the machine's screen and
     * asks again until the machine is approved (then it boots as the device it became), rejected or
     * has waited too long (then it boots locally). The answer policy gives it to iPXE clients that
     * are not prestaged while approval is required; the iPXE provider serves it.
     *
     * @since 1.8
     */
    public static final String APPROVAL_FOLDER = "ipxe/pending/";

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

    /** An answer that is a local boot now ({@code localBoot}) or a boot file to fetch. */
    public BootAnswer(String bootFile, Optional<InetAddress> bootServer, Optional<String> bootServerName,
            Map<Integer, byte[]> extraOptions, boolean localBoot) {
        this(bootFile, bootServer, bootServerName, extraOptions, localBoot, false);
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

    /**
     * A script for iPXE that sends the machine on to its next boot device: this server's
     * {@link #LOCAL_BOOT_SCRIPT}, or a device's script when the device has no task.
     *
     * @since 1.5
     */
    public static BootAnswer localBootScript(String script) {
        return new BootAnswer(script, Optional.empty(), Optional.empty(), Map.of(), false, true);
    }

    /**
     * The answer for a configured boot program: {@link #ABORT} (any case) is {@link #abort()},
     * {@link #LOCAL_BOOT_SCRIPT} and {@link #SIGNED_CHAIN} are {@link #localBootScript}.
     */
    public static BootAnswer forProgram(String program) {
        String p = program.trim();
        if (p.equalsIgnoreCase(ABORT)) {
            return abort();
        }
        return p.equals(LOCAL_BOOT_SCRIPT) || p.equals(SIGNED_CHAIN) ? localBootScript(p) : of(program);
    }

    /**
     * Whether this answer sends the machine to its next boot device, now ({@link #localBoot}) or
     * through its script ({@link #endsInLocalBoot}).
     *
     * @since 1.5
     */
    public boolean fallsThrough() {
        return localBoot || endsInLocalBoot;
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
