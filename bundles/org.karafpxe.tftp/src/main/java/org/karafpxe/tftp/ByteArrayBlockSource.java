package org.karafpxe.tftp;

import java.nio.ByteBuffer;

final class ByteArrayBlockSource implements BlockSource {

    private final byte[] content;

    ByteArrayBlockSource(byte[] content) {
        this.content = content;
    }

    @Override
    public long size() {
        return content.length;
    }

    @Override
    public int read(ByteBuffer dst, long position) {
        if (position < 0) {
            throw new IllegalArgumentException("negative position " + position);
        }
        if (position >= content.length) {
            return -1;
        }
        int n = (int) Math.min(dst.remaining(), content.length - position);
        dst.put(content, (int) position, n);
        return n;
    }
}
