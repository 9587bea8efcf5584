package org.karafpxe.dhcp;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.Test;

/**
 * The decoder faces whatever is broadcast on the segment, so no input may make it throw. Random
 * bytes alone almost never get past the magic cookie, so half of the random buffers start with
 * a valid header and cookie to drive the option parser, and captured packets are mutated to
 * reach the deeper paths (overload, PXE and iPXE sub-options, typed accessors).
 */
public class DecoderFuzzTest {

    private static final long SEED = 0x5EED_D4C9L;

    @Test
    public void randomBuffersNeverThrow() {
        Random random = new Random(SEED);
        Map<DropReason, Integer> drops = new EnumMap<>(DropReason.class);
        int decoded = 0;
        for (int i = 0; i < 200_000; i++) {
            byte[] buf = new byte[random.nextInt(1501)];
            random.nextBytes(buf);
            if (i % 2 == 0 && buf.length >= 240) {
                System.arraycopy(RawPackets.header(), 0, buf, 0, 240);
                // Many zero bytes keep option runs short enough to parse now and then.
                for (int j = 240; j < buf.length; j++) {
                    if (random.nextInt(3) == 0) {
                        buf[j] = (byte) random.nextInt(8);
                    }
                }
            }
            DecodeResult r = check(buf);
            if (r instanceof DecodeResult.Malformed m) {
                drops.merge(m.reason(), 1, Integer::sum);
            } else {
                decoded++;
            }
        }
        assertTrue("some random buffers decode: " + decoded, decoded > 100);
        assertTrue("most drop reasons are reached: " + drops, drops.keySet().containsAll(List.of(
                DropReason.TOO_SHORT, DropReason.BAD_OP, DropReason.BAD_MAGIC_COOKIE, DropReason.OPTION_TRUNCATED,
                DropReason.BAD_OVERLOAD, DropReason.BAD_MESSAGE_TYPE)));
    }

    @Test
    public void mutatedCapturesNeverThrow() {
        Random random = new Random(SEED + 1);
        List<byte[]> captured = Captures.allDhcpPayloads();
        assertEquals(37, captured.size());
        int decoded = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] original = captured.get(random.nextInt(captured.size()));
            byte[] buf = mutate(random, original);
            if (check(buf) instanceof DecodeResult.Decoded) {
                decoded++;
            }
        }
        assertTrue("mutations that keep the packet well-formed still decode: " + decoded, decoded > 10_000);
    }

    private static byte[] mutate(Random random, byte[] original) {
        byte[] buf = original.clone();
        switch (random.nextInt(5)) {
            case 0 -> buf = Arrays.copyOf(buf, random.nextInt(buf.length + 1));
            case 1 -> {
                buf = Arrays.copyOf(buf, buf.length + 1 + random.nextInt(300));
                for (int j = original.length; j < buf.length; j++) {
                    buf[j] = (byte) random.nextInt(256);
                }
            }
            case 2 -> {
                // Aim at option lengths and codes: the bytes after the cookie.
                int flips = 1 + random.nextInt(4);
                for (int f = 0; f < flips && buf.length > 240; f++) {
                    buf[240 + random.nextInt(buf.length - 240)] = (byte) random.nextInt(256);
                }
            }
            case 3 -> {
                // Turn on overloading with a random value, pointing at whatever the fields hold.
                buf = Arrays.copyOf(buf, buf.length + 3);
                System.arraycopy(buf, 240, buf, 243, buf.length - 243);
                buf[240] = 52;
                buf[241] = 1;
                buf[242] = (byte) random.nextInt(5);
                for (int j = 44; j < 236; j++) {
                    if (random.nextInt(4) == 0) {
                        buf[j] = (byte) random.nextInt(256);
                    }
                }
            }
            default -> {
                int flips = 1 + random.nextInt(8);
                for (int f = 0; f < flips && buf.length > 0; f++) {
                    buf[random.nextInt(buf.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
        }
        return buf;
    }

    /**
     * Decodes and, for a packet, exercises every accessor and the encode-decode property: if a
     * decoded packet can be encoded at all, the result decodes to the same packet.
     */
    private static DecodeResult check(byte[] buf) {
        DecodeResult r = DhcpCodec.decode(buf);
        assertNotNull(r);
        if (r instanceof DecodeResult.Decoded d) {
            DhcpPacket p = d.packet();
            touchAccessors(p);
            byte[] again;
            try {
                again = DhcpCodec.encode(p);
            } catch (DhcpEncodeException e) {
                return r; // e.g. a 64-byte sname without NUL, or a joined option 43 over 255 bytes
            }
            assertEquals(r, DhcpCodec.decode(again));
        } else {
            DecodeResult.Malformed m = (DecodeResult.Malformed) r;
            assertNotNull(m.reason());
            assertTrue(m.detail().length() > 0);
        }
        return r;
    }

    private static void touchAccessors(DhcpPacket p) {
        DhcpOptions o = p.options();
        assertNotNull(p.toString());
        p.macString();
        p.hardwareAddress();
        o.messageType();
        o.vendorClass();
        o.serverIdentifier();
        o.requestedIpAddress();
        o.requestedParameters();
        o.maxMessageSize();
        o.clientIdentifier();
        o.tftpServerName();
        o.bootFileName();
        o.userClasses();
        o.clientArchitectures();
        o.clientNdi();
        o.clientGuid();
        o.isIpxe();
        o.pxeVendorOptions().ifPresent(x -> {
            try {
                assertEquals(x, PxeVendorOptions.parse(x.encode()).orElseThrow());
            } catch (DhcpEncodeException tooLong) {
                // A joined option 43 may exceed what one option can carry.
            }
        });
        o.ipxeOptions().ifPresent(x -> {
            x.version();
            x.pciDevice();
            x.isNoPxeDhcp();
        });
    }
}
