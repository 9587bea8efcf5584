package org.karafpxe.dhcp;

import java.util.Optional;
import java.util.UUID;

/**
 * Option 97 (client machine identifier) as a UUID. The wire carries the SMBIOS byte order, with
 * the first three fields little-endian; normalising here means a machine's GUID compares equal
 * to the one printed by its hypervisor or in its inventory.
 */
final class ClientGuids {

    static final int TYPE_UUID = 0;
    static final int LENGTH = 17;

    private ClientGuids() {
    }

    static Optional<UUID> toUuid(byte[] v) {
        if (v.length != LENGTH || v[0] != TYPE_UUID) {
            return Optional.empty();
        }
        long timeLow = littleEndian(v, 1, 4);
        long timeMid = littleEndian(v, 5, 2);
        long timeHigh = littleEndian(v, 7, 2);
        long msb = (timeLow << 32) | (timeMid << 16) | timeHigh;
        long lsb = 0;
        for (int i = 9; i < LENGTH; i++) {
            lsb = (lsb << 8) | (v[i] & 0xFFL);
        }
        return Optional.of(new UUID(msb, lsb));
    }

    static byte[] toWire(UUID uuid) {
        byte[] v = new byte[LENGTH];
        v[0] = TYPE_UUID;
        long msb = uuid.getMostSignificantBits();
        putLittleEndian(v, 1, 4, msb >>> 32);
        putLittleEndian(v, 5, 2, msb >>> 16);
        putLittleEndian(v, 7, 2, msb);
        long lsb = uuid.getLeastSignificantBits();
        for (int i = LENGTH - 1; i >= 9; i--) {
            v[i] = (byte) lsb;
            lsb >>>= 8;
        }
        return v;
    }

    private static long littleEndian(byte[] b, int from, int count) {
        long r = 0;
        for (int i = from + count - 1; i >= from; i--) {
            r = (r << 8) | (b[i] & 0xFFL);
        }
        return r;
    }

    private static void putLittleEndian(byte[] b, int from, int count, long value) {
        for (int i = from; i < from + count; i++) {
            b[i] = (byte) value;
            value >>>= 8;
        }
    }
}
