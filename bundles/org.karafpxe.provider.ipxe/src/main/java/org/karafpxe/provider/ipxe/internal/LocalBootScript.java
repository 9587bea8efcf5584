package org.karafpxe.provider.ipxe.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.karafpxe.api.Architecture;

/**
 * The iPXE script for machines that have nothing to do on the network: it hands the machine back to
 * its firmware, which goes on to its next boot device.
 *
 * <p>One script fits every client: it tells them apart by iPXE's own {@code ${platform}}
 * ({@code pcbios} or {@code efi}) and {@code ${buildarch}} settings and jumps to the branch of the
 * client's architecture. Each branch runs one line: {@code localboot.<architecture>} from the
 * configuration, else {@code localboot}, else {@code exit 1}. Clients that match no test (a BIOS
 * iPXE, or an iPXE too old to have these settings, which were BIOS builds) run the
 * {@code x86-bios} branch.
 *
 * <p>Why {@code exit 1}: iPXE's bare {@code exit} returns success, and some UEFI firmware
 * (Hyper-V Generation 2) takes a boot option that succeeded as the end of the boot sequence;
 * a failure makes every firmware try its next boot option.
 */
final class LocalBootScript {

    static final String HEADER = "#!ipxe\n";
    static final String KEY = "localboot";
    static final String PREFIX = KEY + ".";
    /** {@code localboot.device.<device name> = <line>}: one device's own line, on every architecture. */
    static final String DEVICE_PREFIX = PREFIX + "device.";
    static final String EXIT = "exit";
    static final String EXIT_1 = "exit 1";
    static final String SANBOOT = "sanboot --no-describe --drive 0x80";
    static final String DEFAULT_LINE = EXIT_1;

    /** How iPXE describes itself on one architecture ({@code ${platform}}, and {@code ${buildarch}} if it matters). */
    record Target(Architecture architecture, String platform, String buildArch) {
        String label() {
            return architecture.key();
        }
    }

    /** The architectures iPXE is built for; the first is the branch of clients that match no test. */
    static final List<Target> TARGETS = List.of(
            new Target(Architecture.X86_BIOS, "pcbios", null),
            new Target(Architecture.X64_UEFI, "efi", "x86_64"),
            new Target(Architecture.X86_UEFI, "efi", "i386"),
            new Target(Architecture.ARM64_UEFI, "efi", "arm64"),
            new Target(Architecture.ARM32_UEFI, "efi", "arm32"),
            new Target(Architecture.RISCV64_UEFI, "efi", "riscv64"),
            new Target(Architecture.RISCV32_UEFI, "efi", "riscv32"),
            new Target(Architecture.LOONGARCH64_UEFI, "efi", "loong64"));

    private static final Pattern EXITS = Pattern.compile("exit( +[^ ].*)?");

    private final String defaultLine;
    private final Map<Architecture, String> lines;
    private final Map<String, String> deviceLines;
    private final List<String> problems;
    private final String text;

    private LocalBootScript(String defaultLine, Map<Architecture, String> lines, Map<String, String> deviceLines,
            List<String> problems) {
        this.defaultLine = defaultLine;
        this.lines = Collections.unmodifiableMap(lines);
        this.deviceLines = Map.copyOf(deviceLines);
        this.problems = List.copyOf(problems);
        this.text = render();
    }

    /** The script every client gets: {@code exit 1} on every architecture. */
    static LocalBootScript standard() {
        return from(Map.of());
    }

    /** Reads {@code localboot} and {@code localboot.<architecture>}; a bad value is reported and not used. */
    static LocalBootScript from(Map<String, ?> properties) {
        List<String> problems = new ArrayList<>();
        String defaultLine = DEFAULT_LINE;
        if (properties.containsKey(KEY)) {
            defaultLine = line(KEY, properties.get(KEY), DEFAULT_LINE, problems);
        }
        Map<Architecture, String> lines = new EnumMap<>(Architecture.class);
        for (Target t : TARGETS) {
            lines.put(t.architecture(), defaultLine);
        }
        Map<String, String> deviceLines = new java.util.HashMap<>();
        List<String> keys = properties.keySet().stream().filter(k -> k.startsWith(PREFIX)).sorted()
                .collect(Collectors.toList());
        for (String key : keys) {
            if (key.startsWith(DEVICE_PREFIX)) {
                String device = key.substring(DEVICE_PREFIX.length()).toLowerCase(java.util.Locale.ROOT);
                if (device.isEmpty()) {
                    problems.add(key + ": name the device after '" + DEVICE_PREFIX + "' (as pxe:device-list shows it)");
                    continue;
                }
                deviceLines.put(device, line(key, properties.get(key), defaultLine, problems));
                continue;
            }
            String archKey = key.substring(PREFIX.length());
            Optional<Target> target = target(archKey);
            if (target.isEmpty()) {
                problems.add(key + ": " + notATarget(archKey));
                continue;
            }
            lines.put(target.get().architecture(), line(key, properties.get(key), defaultLine, problems));
        }
        return new LocalBootScript(defaultLine, lines, deviceLines, problems);
    }

    /** The script, starting with {@code #!ipxe}. */
    String text() {
        return text;
    }

    /**
     * The local-boot script of one device: its own line ({@code localboot.device.<name>}, names
     * ignoring case) when it has one, else the script every client gets.
     */
    String textFor(String deviceName) {
        String line = deviceLines.get(deviceName.toLowerCase(java.util.Locale.ROOT));
        if (line == null) {
            return text;
        }
        return "#!ipxe\n# Nothing to do on the network: back to the firmware, the way this device needs.\n" + line + "\n"
                + (EXITS.matcher(line).matches() ? "" : EXIT_1 + "\n");
    }

    /** A script without its {@code #!ipxe} line, to follow a label inside another script. */
    static String body(String script) {
        return script.startsWith(HEADER) ? script.substring(HEADER.length()) : script;
    }

    byte[] bytes() {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The line a client of this architecture runs. */
    String lineFor(Architecture architecture) {
        return lines.getOrDefault(architecture, lines.get(TARGETS.get(0).architecture()));
    }

    String defaultLine() {
        return defaultLine;
    }

    /** The values that were refused, each saying why, what is allowed and what is used instead. */
    List<String> problems() {
        return problems;
    }

    private String render() {
        StringBuilder b = new StringBuilder("#!ipxe\n");
        b.append("# Nothing to do on the network: back to the firmware, which tries its next boot device.\n");
        for (Target t : TARGETS.subList(1, TARGETS.size())) {
            b.append("iseq ${platform} ").append(t.platform());
            if (t.buildArch() != null) {
                b.append(" && iseq ${buildarch} ").append(t.buildArch());
            }
            b.append(" && goto ").append(t.label()).append(" ||\n");
        }
        // No goto before the first branch: whatever matched no test runs it.
        for (Target t : TARGETS) {
            String line = lines.get(t.architecture());
            b.append(':').append(t.label()).append('\n').append(line).append('\n');
            if (!EXITS.matcher(line).matches()) {
                // A command that returns (a sanboot of a disk that does not boot) must not run into the next branch.
                b.append(EXIT_1).append('\n');
            }
        }
        return b.toString();
    }

    private static Optional<Target> target(String archKey) {
        Optional<Architecture> arch = Architecture.byKey(archKey);
        return TARGETS.stream().filter(t -> arch.isPresent() && t.architecture() == arch.get()).findFirst();
    }

    private static String notATarget(String archKey) {
        Optional<Architecture> arch = Architecture.byKey(archKey);
        String allowed = "use one of " + TARGETS.stream().map(Target::label).collect(Collectors.joining(", "));
        if (arch.isPresent() && arch.get().isHttpBoot()) {
            String pxe = arch.get().key().substring(0, arch.get().key().length() - "-http".length());
            return "iPXE cannot tell a client that came by UEFI HTTP boot from one that came by PXE; set "
                    + PREFIX + pxe + " instead";
        }
        if (arch.isPresent()) {
            return "iPXE does not run on " + arch.get().key() + "; " + allowed;
        }
        return "'" + archKey + "' is not an architecture; " + allowed;
    }

    /** One command line, or the fallback when the value is empty or not one line. */
    private static String line(String key, Object raw, String fallback, List<String> problems) {
        String value = raw == null ? "" : raw.toString().strip();
        String allowed = "give one iPXE command on one line, such as " + EXIT_1 + " (the firmware tries its next "
                + "boot device), " + EXIT + " (on some UEFI firmware this ends the boot sequence) or " + SANBOOT
                + " (BIOS: boot the first hard disk); using " + fallback;
        if (value.isEmpty()) {
            problems.add(key + " is empty: " + allowed);
            return fallback;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == '\r') {
                problems.add(key + " has more than one line: " + allowed);
                return fallback;
            }
            if (c < ' ' || c == 0x7f) {
                problems.add(key + " has the control character U+"
                        + String.format("%04X", (int) c) + ": " + allowed);
                return fallback;
            }
        }
        if (value.startsWith(":")) {
            problems.add(key + " = '" + value + "' is an iPXE label, not a command: " + allowed);
            return fallback;
        }
        return value;
    }
}
