package org.karafpxe.dhcp;

import java.util.Objects;
import java.util.Optional;

/**
 * iPXE's encapsulated option 175. Clients list their features here (one sub-option per feature,
 * codes 16..127) plus bus id and version; a server sends 176 (no-pxedhcp) to stop iPXE from
 * waiting for proxyDHCP offers.
 */
public record IpxeOptions(EncapsulatedOptions options) {

    public static final int PRIORITY = 1;
    public static final int FEATURE_PXE_EXT = 16;
    public static final int FEATURE_ISCSI = 17;
    public static final int FEATURE_AOE = 18;
    public static final int FEATURE_HTTP = 19;
    public static final int FEATURE_HTTPS = 20;
    public static final int FEATURE_TFTP = 21;
    public static final int FEATURE_DNS = 23;
    public static final int FEATURE_BZIMAGE = 24;
    public static final int FEATURE_MULTIBOOT = 25;
    public static final int FEATURE_SRP = 27;
    public static final int FEATURE_PXE = 33;
    public static final int FEATURE_ELF = 34;
    public static final int FEATURE_COMBOOT = 35;
    public static final int FEATURE_EFI = 36;
    public static final int FEATURE_MENU = 39;
    public static final int FEATURE_NFS = 41;
    public static final int NO_PXEDHCP = 176;
    public static final int BUS_ID = 177;
    public static final int VERSION = 235;

    /** Bus type 1 in sub-option 177. */
    public static final int BUS_TYPE_PCI = 1;

    public IpxeOptions {
        Objects.requireNonNull(options, "options");
    }

    /** What a server sends so iPXE skips its proxyDHCP wait (about 3 s per boot otherwise). */
    public static IpxeOptions noPxeDhcp() {
        return new IpxeOptions(EncapsulatedOptions.builder().put(NO_PXEDHCP, 1).build());
    }

    public boolean isNoPxeDhcp() {
        return hasFeature(NO_PXEDHCP);
    }

    /** True when the sub-option is present and its first byte is non-zero, as iPXE tests it. */
    public boolean hasFeature(int code) {
        byte[] v = options.raw(code);
        return v != null && v.length > 0 && v[0] != 0;
    }

    /** Sub-option 235 as "major.minor.patch". */
    public Optional<String> version() {
        byte[] v = options.raw(VERSION);
        if (v == null || v.length != 3) {
            return Optional.empty();
        }
        return Optional.of(Bytes.u8(v, 0) + "." + Bytes.u8(v, 1) + "." + Bytes.u8(v, 2));
    }

    /** Sub-option 177 when it describes a PCI device: tells e.g. virtio-net from e1000. */
    public Optional<PciDevice> pciDevice() {
        byte[] v = options.raw(BUS_ID);
        if (v == null || v.length != 5 || v[0] != BUS_TYPE_PCI) {
            return Optional.empty();
        }
        return Optional.of(new PciDevice(Bytes.u16(v, 1), Bytes.u16(v, 3)));
    }

    /** PCI vendor and device id of the booting NIC. */
    public record PciDevice(int vendorId, int deviceId) {
        @Override
        public String toString() {
            return String.format("%04x:%04x", vendorId, deviceId);
        }
    }
}
