package org.karafpxe.tftp;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.Test;

public class TftpCodecFuzzTest {

    private static final int ITERATIONS = 200_000;

    private static final byte[][] SEEDS = {
        TftpCodec.encode(new ReadRequest("pxelinux.0", TransferMode.OCTET,
                Map.of("blksize", "1468"))),
        TftpCodec.encode(new OptionAck(Map.of("tsize", "123"))),
        TftpCodec.encode(Data.copyOf(1, new byte[] {1, 2, 3})),
        TftpCodec.encode(new Ack(1)),
        TftpCodec.encode(new ErrorPacket(TftpErrorCode.OPTION_REFUSED, "User aborted the transfer")),
    };

    /**
     * Random datagrams, biased towards valid opcodes and NUL bytes so that the string and option parsers
     * are reached, and mutations of valid packets. Decoding must never throw, and whatever decodes must
     * survive an encode/decode round trip unchanged.
     */
    @Test
    public void decodingRandomBuffersNeverThrows() {
        Random random = new Random(0x7F7F_2025L);
        Map<MalformedReason, Integer> seen = new EnumMap<>(MalformedReason.class);
        int decoded = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] buf = random.nextInt(4) == 0 ? mutate(random) : generate(random);
            int off = random.nextInt(3);
            int len = random.nextInt(10) == 0 ? random.nextInt(buf.length + 4) - 2 : Math.max(0, buf.length - off);
            DecodeResult result = TftpCodec.decode(buf, off, len);
            if (result instanceof DecodeResult.Decoded d) {
                decoded++;
                assertReencodes(d.packet());
            } else {
                seen.merge(((DecodeResult.Malformed) result).reason(), 1, Integer::sum);
            }
        }
        assertTrue("too few valid packets to exercise the decoders: " + decoded, decoded > ITERATIONS / 10);
        assertEquals("every malformation should be reached: " + seen, MalformedReason.values().length, seen.size());
    }

    private static void assertReencodes(TftpPacket packet) {
        if (packet instanceof ReadRequest r && r.mode() == TransferMode.UNKNOWN
                || packet instanceof WriteRequest w && w.mode() == TransferMode.UNKNOWN
                || packet instanceof ErrorPacket e && e.code() == TftpErrorCode.UNKNOWN) {
            return;
        }
        byte[] wire = TftpCodec.encode(packet);
        assertEquals(packet, ((DecodeResult.Decoded) TftpCodec.decode(wire, 0, wire.length)).packet());
    }

    private static byte[] generate(Random random) {
        if (random.nextInt(100) == 0) {
            return stuffedRequest(random);
        }
        byte[] buf = new byte[random.nextInt(40)];
        for (int i = 0; i < buf.length; i++) {
            int pick = random.nextInt(10);
            buf[i] = pick < 3 ? 0 : pick < 5 ? (byte) ('a' + random.nextInt(4)) : (byte) random.nextInt(256);
        }
        if (buf.length >= 2 && random.nextInt(10) < 8) {
            buf[0] = 0;
            buf[1] = (byte) (random.nextInt(8));
        }
        return buf;
    }

    /** A read request with a name of up to 600 bytes and up to 40 options: at, under and over the limits. */
    private static byte[] stuffedRequest(Random random) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(0);
        out.write(TftpCodec.OP_RRQ);
        out.writeBytes("f".repeat(random.nextInt(600)).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {0, 'o', 'c', 't', 'e', 't', 0});
        int options = random.nextInt(41);
        for (int i = 0; i < options; i++) {
            out.writeBytes(("o" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.writeBytes(new byte[] {0, '1', 0});
        }
        return out.toByteArray();
    }

    private static byte[] mutate(Random random) {
        byte[] seed = SEEDS[random.nextInt(SEEDS.length)];
        byte[] buf = java.util.Arrays.copyOf(seed, Math.max(0, seed.length + random.nextInt(9) - 6));
        int flips = 1 + random.nextInt(3);
        for (int i = 0; i < flips && buf.length > 0; i++) {
            int at = random.nextInt(buf.length);
            buf[at] = random.nextBoolean() ? 0 : (byte) random.nextInt(256);
        }
        return buf;
    }
}
