package org.karafpxe.api;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Client system architecture, DHCP option 93 (IANA "Processor Architecture Types").
 *
 * <p>Code 9 is registered as EBC, but RFC 4578 first listed 9 as x64 UEFI and firmware that
 * followed it still sends 9 from x64 machines; no real EBC client boots over PXE, so 9 maps to
 * {@link #X64_UEFI} as WDS does.
 *
 * <p>Each constant has a short operator-facing key (for example {@code x64-uefi}) used in
 * configuration files and console commands.
 */
public enum Architecture {
    X86_BIOS("x86-bios", 0),
    NEC_PC98("nec-pc98", 1),
    ITANIUM("itanium", 2),
    DEC_ALPHA("dec-alpha", 3),
    ARC_X86("arc-x86", 4),
    INTEL_LEAN_CLIENT("intel-lean-client", 5),
    X86_UEFI("x86-uefi", 6),
    X64_UEFI("x64-uefi", 7, 9),
    EFI_XSCALE("efi-xscale", 8),
    ARM32_UEFI("arm32-uefi", 10),
    ARM64_UEFI("arm64-uefi", 11),
    POWERPC_OPEN_FIRMWARE("powerpc-ofw", 12),
    POWERPC_EPAPR("powerpc-epapr", 13),
    POWER_OPAL_V3("power-opal-v3", 14),
    X86_UEFI_HTTP("x86-uefi-http", 15),
    X64_UEFI_HTTP("x64-uefi-http", 16),
    EBC_HTTP("ebc-http", 17),
    ARM32_UEFI_HTTP("arm32-uefi-http", 18),
    ARM64_UEFI_HTTP("arm64-uefi-http", 19),
    X86_BIOS_HTTP("x86-bios-http", 20),
    ARM32_UBOOT("arm32-uboot", 21),
    ARM64_UBOOT("arm64-uboot", 22),
    ARM32_UBOOT_HTTP("arm32-uboot-http", 23),
    ARM64_UBOOT_HTTP("arm64-uboot-http", 24),
    RISCV32_UEFI("riscv32-uefi", 25),
    RISCV32_UEFI_HTTP("riscv32-uefi-http", 26),
    RISCV64_UEFI("riscv64-uefi", 27),
    RISCV64_UEFI_HTTP("riscv64-uefi-http", 28),
    RISCV128_UEFI("riscv128-uefi", 29),
    RISCV128_UEFI_HTTP("riscv128-uefi-http", 30),
    S390_BASIC("s390-basic", 31),
    S390_EXTENDED("s390-extended", 32),
    MIPS32_UEFI("mips32-uefi", 33),
    MIPS64_UEFI("mips64-uefi", 34),
    SUNWAY32_UEFI("sunway32-uefi", 35),
    SUNWAY64_UEFI("sunway64-uefi", 36),
    LOONGARCH32_UEFI("loongarch32-uefi", 37),
    LOONGARCH32_UEFI_HTTP("loongarch32-uefi-http", 38),
    LOONGARCH64_UEFI("loongarch64-uefi", 39),
    LOONGARCH64_UEFI_HTTP("loongarch64-uefi-http", 40),
    ARM_RPIBOOT("arm-rpiboot", 41),
    /** A code the registry does not list, or no option 93 at all. */
    UNKNOWN("unknown");

    private static final Architecture[] BY_CODE = new Architecture[42];

    static {
        for (Architecture a : values()) {
            for (int code : a.codes) {
                BY_CODE[code] = a;
            }
        }
    }

    private final String key;
    private final int[] codes;

    Architecture(String key, int... codes) {
        this.key = key;
        this.codes = codes;
    }

    /** The operator-facing name, as used in configuration files and commands. */
    public String key() {
        return key;
    }

    /** The option 93 value this architecture is registered under; -1 for {@link #UNKNOWN}. */
    public int code() {
        return codes.length == 0 ? -1 : codes[0];
    }

    /** Whether the client boots with UEFI HTTP boot rather than PXE/TFTP. */
    public boolean isHttpBoot() {
        return key.endsWith("-http");
    }

    /** Whether the client runs UEFI firmware. */
    public boolean isUefi() {
        return key.contains("-uefi");
    }

    /** The architecture of an option 93 value; {@link #UNKNOWN} for codes not in the registry. */
    public static Architecture of(int code) {
        return code >= 0 && code < BY_CODE.length && BY_CODE[code] != null ? BY_CODE[code] : UNKNOWN;
    }

    /** The architecture with the given operator-facing key (case-insensitive), if any. */
    public static Optional<Architecture> byKey(String key) {
        if (key == null) {
            return Optional.empty();
        }
        String wanted = key.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(a -> a != UNKNOWN && a.key.equals(wanted)).findFirst();
    }

    /** All keys an operator may use, for completion and error messages. */
    public static List<String> keys() {
        return Arrays.stream(values()).filter(a -> a != UNKNOWN).map(Architecture::key)
                .collect(Collectors.toUnmodifiableList());
    }
}
