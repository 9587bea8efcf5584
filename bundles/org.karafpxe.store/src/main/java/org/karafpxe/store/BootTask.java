package org.karafpxe.store;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.karafpxe.api.BootAnswer;

/**
 * What a prestaged device is to do at its next network boot: an iPXE script; for a machine on
 * the signed chain (UEFI Secure Boot: shim, then GRUB), a GRUB configuration whose first line is
 * {@value #GRUB_HEADER} ({@link #forGrub()}); or a boot program that the firmware is sent to
 * directly, the one line {@value #PROGRAM_HEADER} {@code <path>} ({@link #bootProgram()}): as a
 * one-shot task, a boot program used once (WDS's /ResetBootProgram), even on firmware that never
 * runs iPXE.
 *
 * <p>An iPXE script is stored without its {@code #!ipxe} header, which the server adds when it serves
 * the script; a header pasted in with the script is dropped. Line ends are normalised to LF and
 * trailing blank lines removed, so that a script read back (or exported and imported again) is the
 * one that was stored.
 *
 * @param script  the script body, at most {@value #MAX_SCRIPT_BYTES} bytes in UTF-8
 * @param oneShot true: run at the next boot only, then cleared (a reimage); false: every boot
 */
public record BootTask(String script, boolean oneShot) {

    public static final int MAX_SCRIPT_BYTES = 16 * 1024;

    private static final String HEADER = "#!ipxe";

    /**
     * The first line of a task written for GRUB (a comment to GRUB itself), kept with the task.
     *
     * @since 1.5
     */
    public static final String GRUB_HEADER = "#!grub";

    /**
     * The one line of a boot program task, before the program's path.
     *
     * @since 1.5
     */
    public static final String PROGRAM_HEADER = "#!program";

    public BootTask {
        Objects.requireNonNull(script, "script");
        script = normalise(script);
        if (script.isBlank()) {
            throw new InvalidValueException("taskScript", "the script is empty; give the iPXE commands to run "
                    + "(without the #!ipxe line), or clear the task instead");
        }
        int bytes = script.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_SCRIPT_BYTES) {
            throw new InvalidValueException("taskScript", "the script has " + bytes + " bytes, at most "
                    + MAX_SCRIPT_BYTES + " are allowed; chain a longer script from a web server instead");
        }
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if ((c < ' ' && c != '\n' && c != '\t') || c == 0x7f) {
                int line = (int) script.substring(0, i).chars().filter(ch -> ch == '\n').count() + 1;
                throw new InvalidValueException("taskScript", "control character U+"
                        + String.format("%04X", (int) c) + " on script line " + line
                        + "; only text, tabs and line breaks are allowed");
            }
        }
    }

    /**
     * A task that sends the firmware to a boot program: {@value #PROGRAM_HEADER} {@code <path>}.
     *
     * @throws InvalidValueException for a path with spaces or control characters
     * @since 1.5
     */
    public static BootTask program(String path, boolean oneShot) {
        String p = path == null ? "" : path.strip();
        if (p.isEmpty() || p.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new InvalidValueException("taskScript", "'" + path + "' is not a boot program path: give one "
                    + "path or URL, without spaces");
        }
        return new BootTask(PROGRAM_HEADER + " " + p, oneShot);
    }

    /**
     * The boot program of a task that is one ({@value #PROGRAM_HEADER} {@code <path>}, one line).
     *
     * @since 1.5
     */
    public Optional<String> bootProgram() {
        if (!script.startsWith(PROGRAM_HEADER + " ") || script.indexOf('\n') >= 0) {
            return Optional.empty();
        }
        String path = script.substring(PROGRAM_HEADER.length()).strip();
        return path.isEmpty() || path.chars().anyMatch(c -> c <= ' ') ? Optional.empty() : Optional.of(path);
    }

    public static BootTask oneShot(String script) {
        return new BootTask(script, true);
    }

    public static BootTask everyBoot(String script) {
        return new BootTask(script, false);
    }

    /**
     * A task that chains another iPXE script: {@code chain <url>}.
     *
     * @throws InvalidValueException for an empty URL or one with spaces or control characters
     * @since 1.8
     */
    public static BootTask chain(String url, boolean oneShot) {
        return new BootTask("chain " + oneToken("chain", url), oneShot);
    }

    /**
     * A task that boots a kernel with an initrd and a command line, each of those two optional:
     * iPXE's {@code kernel}, {@code initrd} and {@code boot}; or, {@code forGrub}, for a device on the
     * signed chain, GRUB's {@code linux}, {@code initrd} and {@code boot} under {@value #GRUB_HEADER}
     * (GRUB loads paths on this server).
     *
     * @param initrd  an initrd URL or path, or null
     * @param cmdline the kernel's command line (one line), or null
     * @throws InvalidValueException for a kernel or initrd that is not one token, or a command line
     *                               of several lines
     * @since 1.8
     */
    public static BootTask kernel(String kernel, String initrd, String cmdline, boolean forGrub, boolean oneShot) {
        StringBuilder b = new StringBuilder(forGrub ? GRUB_HEADER + "\nlinux " : "kernel ")
                .append(oneToken("kernel", kernel));
        if (cmdline != null && !cmdline.isBlank()) {
            if (cmdline.contains("\n") || cmdline.contains("\r")) {
                throw new InvalidValueException("cmdline", "the kernel's command line must be one line");
            }
            b.append(' ').append(cmdline.strip());
        }
        b.append('\n');
        if (initrd != null) {
            b.append("initrd ").append(oneToken("initrd", initrd)).append('\n');
        }
        return new BootTask(b.append("boot").toString(), oneShot);
    }

    private static String oneToken(String field, String value) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty() || v.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new InvalidValueException(field, value == null ? "" : value, "give one URL or path, without "
                    + "spaces");
        }
        return v;
    }

    /**
     * Refuses a task the device's boot program cannot run: iPXE commands on a device that boots the
     * signed chain (whose GRUB runs only GRUB's), or GRUB's on one that boots anything else. A boot
     * program as a task runs on either.
     *
     * @throws InvalidValueException saying what the device boots and what it can run
     * @since 1.7
     */
    public void checkRunnableBy(Device device) {
        String program = device.bootProgram().map(String::strip).orElse("");
        boolean signed = device.bootsSignedChain();
        if (signed && !forGrub() && bootProgram().isEmpty()) {
            throw new InvalidValueException("taskScript", "device '" + device.name() + "' boots the signed chain "
                    + "(boot program " + program + "), whose GRUB cannot run iPXE commands: write the task for GRUB, "
                    + "its first line " + GRUB_HEADER + ", or give the device another boot program first");
        }
        if (!signed && !program.isEmpty() && forGrub()) {
            throw new InvalidValueException("taskScript", "device '" + device.name() + "' boots " + program
                    + ", not the signed chain: a task written for GRUB (" + GRUB_HEADER + ") runs only with boot "
                    + "program " + BootAnswer.SIGNED_CHAIN);
        }
    }

    /**
     * Whether the task is written for GRUB, the signed chain's boot loader: its first line is
     * {@value #GRUB_HEADER}. Other tasks are iPXE scripts.
     *
     * @since 1.5
     */
    public boolean forGrub() {
        int end = script.indexOf('\n');
        return (end < 0 ? script : script.substring(0, end)).strip().equals(GRUB_HEADER);
    }

    /** The script as served to iPXE, with its header line. */
    public String ipxeScript() {
        return HEADER + "\n" + script + "\n";
    }

    private static String normalise(String script) {
        String s = script.replace("\r\n", "\n").replace('\r', '\n');
        if (s.startsWith("\uFEFF")) {
            s = s.substring(1);
        }
        int firstBreak = s.indexOf('\n');
        String first = firstBreak < 0 ? s : s.substring(0, firstBreak);
        if (first.strip().equals(HEADER)) {
            s = firstBreak < 0 ? "" : s.substring(firstBreak + 1);
        }
        int end = s.length();
        while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        // Trailing blanks of the last line go too; leading indentation is the author's.
        return s.substring(0, end);
    }
}
