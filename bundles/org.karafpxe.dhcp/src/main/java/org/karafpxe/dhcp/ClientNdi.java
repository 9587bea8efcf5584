package org.karafpxe.dhcp;

/**
 * Option 94, the client network device interface: type 1 (UNDI) and the UNDI version, which
 * separates PXE 2.1 BIOS ROMs (2.1) from UEFI PXE (3.0) and iPXE EFI (3.10).
 */
public record ClientNdi(int type, int major, int minor) {

    public static final int UNDI = 1;

    public ClientNdi {
        checkByte("type", type);
        checkByte("major", major);
        checkByte("minor", minor);
    }

    private static void checkByte(String name, int v) {
        if (v < 0 || v > 255) {
            throw new IllegalArgumentException("NDI " + name + " " + v + " is outside 0..255");
        }
    }

    byte[] toBytes() {
        return new byte[] {(byte) type, (byte) major, (byte) minor};
    }
}
