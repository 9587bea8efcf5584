package org.karafpxe.provider.ipxe.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.karafpxe.support.CheckedConfig;

/**
 * Architecture discovery (WDS's /ArchitectureDiscovery): BIOS firmware says "x86" whatever its
 * CPU, so a BIOS client is first given {@value #SCRIPT}, whose iPXE asks the CPU for long mode
 * ({@code cpuid --ext 29}) and fetches {@value #X64} or {@value #X86} accordingly. That fetch is
 * the client's report; it is answered with the configured 64-bit or 32-bit boot program.
 *
 * @param x64      the boot program for BIOS machines with a 64-bit CPU ({@code discovery.x64-bios})
 * @param x86      the boot program for BIOS machines with a 32-bit CPU ({@code discovery.x86-bios})
 * @param problems the values that were refused
 */
record ArchitectureDiscovery(Optional<String> x64, Optional<String> x86, List<String> problems) {
    static final String SCRIPT = "ipxe/discover.ipxe";
    static final String X64 = "ipxe/discovered-x64-bios.ipxe";
    static final String X86 = "ipxe/discovered-x86-bios.ipxe";

    ArchitectureDiscovery {
        problems = List.copyOf(problems);
    }

    static ArchitectureDiscovery from(CheckedConfig<ScriptsConfig> checked) {
        return new ArchitectureDiscovery(program(checked, ScriptsConfig::discovery_x64$_$bios),
                program(checked, ScriptsConfig::discovery_x86$_$bios), checked.problems());
    }

    /** The setting that names the program of BIOS machines with a 64-bit CPU, or of the others. */
    static String key(boolean x64Cpu) {
        return x64Cpu ? X64_KEY : X86_KEY;
    }

    private static final String X64_KEY = CheckedConfig.of(ScriptsConfig.class, null, Map.of())
            .key(ScriptsConfig::discovery_x64$_$bios);
    private static final String X86_KEY = CheckedConfig.of(ScriptsConfig.class, null, Map.of())
            .key(ScriptsConfig::discovery_x86$_$bios);

    /** The first script: BIOS clients test their CPU; others (UEFI knows its architecture) boot locally. */
    String discoveryScript(String localBootScript) {
        return "#!ipxe\n"
                + "# Architecture discovery: a BIOS machine reports whether its CPU runs 64-bit code.\n"
                + "iseq ${platform} pcbios || goto local\n"
                + "cpuid --ext 29 && chain --autofree " + X64.substring("ipxe/".length()) + " || chain --autofree "
                + X86.substring("ipxe/".length()) + " || goto local\n"
                + ":local\n"
                + LocalBootScript.body(localBootScript);
    }

    /** The script answering a report: chain the architecture's program, or boot locally without one. */
    Optional<String> programScript(boolean x64Cpu) {
        return (x64Cpu ? x64 : x86).map(program -> "#!ipxe\n"
                // An absolute path: resolved on this server whichever way (TFTP, HTTP) the report came.
                + "chain --autofree " + (program.contains("://") || program.startsWith("/") ? program : "/" + program)
                + " || exit 1\n");
    }

    private static Optional<String> program(CheckedConfig<ScriptsConfig> checked,
            Function<ScriptsConfig, String> setting) {
        String value = checked.text(setting);
        if (value == null) {
            return Optional.empty();
        }
        String key = checked.key(setting);
        if (value.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            checked.problem(key + " = '" + value + "' is not a boot program: give a path on this server (boot/x64/"
                    + "pxeboot.n12) or a URL, without spaces; machines discovered with it boot locally");
            return Optional.empty();
        }
        return Optional.of(value);
    }
}
