package org.karafpxe.bench.storm;

import java.util.UUID;

/**
 * The identities of simulated machines, derived from their index so that the load generator and
 * the prestaging file agree without sharing state.
 *
 * <ul>
 *   <li>Storm clients: MAC {@code 02:53:54:xx:xx:xx} (locally administered, 24-bit index), GUID
 *       {@code 53544f52-4d00-4000-8000-<index>}.</li>
 *   <li>Other prestaged devices, never seen in a storm: MAC {@code 02:4f:xx:xx:xx:xx} (32-bit index),
 *       GUID {@code 4f544845-5200-4000-8000-<index>}.</li>
 * </ul>
 */
final class Identities {

    static final int MAX_CLIENTS = 1 << 23;

    private Identities() {
    }

    static byte[] stormMac(int index) {
        return new byte[] {0x02, 0x53, 0x54, (byte) (index >>> 16), (byte) (index >>> 8), (byte) index};
    }

    static UUID stormGuid(int index) {
        return new UUID(0x53544f52_4d00_4000L, 0x8000_0000_0000_0000L | (index & 0xFFFF_FFFFL));
    }

    static byte[] otherMac(int index) {
        return new byte[] {0x02, 0x4f, (byte) (index >>> 24), (byte) (index >>> 16), (byte) (index >>> 8), (byte) index};
    }

    static UUID otherGuid(int index) {
        return new UUID(0x4f544845_5200_4000L, 0x8000_0000_0000_0000L | (index & 0xFFFF_FFFFL));
    }

    /**
     * Whether storm client {@code index} is a BIOS machine: BIOS and UEFI clients are interleaved
     * evenly, so that any prefix of the clients has the requested share.
     */
    static boolean isBios(int index, double biosRatio) {
        return Math.floor((index + 1) * biosRatio) != Math.floor(index * biosRatio);
    }

    /**
     * Whether storm client {@code index} is among the prestaged share: chosen by a hash of the index,
     * so that the choice does not line up with the BIOS/UEFI interleaving.
     */
    static boolean isPrestaged(int index, double share) {
        if (share <= 0) {
            return false;
        }
        long h = (index + 1L) * 0x9E3779B97F4A7C15L;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        return (Long.remainderUnsigned(h, 1_000_000)) < Math.round(share * 1_000_000);
    }

    static String macText(byte[] mac) {
        StringBuilder s = new StringBuilder(17);
        for (int i = 0; i < mac.length; i++) {
            if (i > 0) {
                s.append(':');
            }
            s.append(Character.forDigit((mac[i] >>> 4) & 0xF, 16)).append(Character.forDigit(mac[i] & 0xF, 16));
        }
        return s.toString();
    }

    static boolean sameMac(byte[] chaddr, int index) {
        return chaddr.length >= 6 && chaddr[0] == 0x02 && chaddr[1] == 0x53 && chaddr[2] == 0x54
                && chaddr[3] == (byte) (index >>> 16) && chaddr[4] == (byte) (index >>> 8) && chaddr[5] == (byte) index;
    }
}
