package org.karafpxe.tftp.internal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import org.karafpxe.tftp.BlockSource;

/** Deterministic content of any length, computed per position so large transfers need no memory. */
final class PatternBlockSource implements BlockSource {

    private final long size;
    int reads;

    PatternBlockSource(long size) {
        this.size = size;
    }

    static byte byteAt(long position) {
        long x = position * 0x9E3779B97F4A7C15L;
        return (byte) ((x >>> 56) ^ (position >>> 9));
    }

    static long crcOf(long size) {
        CRC32 crc = new CRC32();
        byte[] chunk = new byte[8192];
        for (long p = 0; p < size; p += chunk.length) {
            int n = (int) Math.min(chunk.length, size - p);
            for (int i = 0; i < n; i++) {
                chunk[i] = byteAt(p + i);
            }
            crc.update(chunk, 0, n);
        }
        return crc.getValue();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(ByteBuffer dst, long position) {
        reads++;
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(dst.remaining(), size - position);
        for (int i = 0; i < n; i++) {
            dst.put(byteAt(position + i));
        }
        return n;
    }
}
