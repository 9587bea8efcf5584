package org.karafpxe.tftp.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.Test;
import org.karafpxe.tftp.BlockSource;
import org.karafpxe.tftp.Data;

public class NetasciiBlockSourceTest {

    /** Straightforward translation to compare the streaming one against. */
    private static byte[] reference(byte[] local) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : local) {
            if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else if (b == '\r') {
                out.write('\r');
                out.write(0);
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static byte[] readAll(BlockSource source, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long position = 0;
        while (true) {
            ByteBuffer buf = ByteBuffer.allocate(chunk);
            int n = source.read(buf, position);
            if (n <= 0) {
                return out.toByteArray();
            }
            out.write(buf.array(), 0, n);
            position += n;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    public void translatesLfCrAndCrLf() throws IOException {
        byte[] local = ascii("a\nb\rc\r\nd\n\n");
        byte[] expected = ascii("a\r\nb\r\0c\r\0\r\nd\r\n\r\n");
        for (int chunk : new int[] {1, 2, 3, 64}) {
            assertArrayEquals("chunk " + chunk, expected, readAll(new NetasciiBlockSource(BlockSource.ofBytes(local)), chunk));
        }
    }

    @Test
    public void sizeIsUnknownSoTsizeIsLeftOut() {
        NetasciiBlockSource source = new NetasciiBlockSource(BlockSource.ofBytes(ascii("x\n")));
        assertEquals(-1, source.size());
        Negotiated n = new OptionNegotiator(1468, 1, Duration.ofSeconds(1)).negotiate(Map.of("tsize", "0"), source.size());
        assertTrue(n.oack().isEmpty());
    }

    @Test
    public void randomAccessReadsMatchTheReference() throws IOException {
        Random random = new Random(42);
        byte[] local = new byte[20_000];
        for (int i = 0; i < local.length; i++) {
            int pick = random.nextInt(6);
            local[i] = pick == 0 ? (byte) '\n' : pick == 1 ? (byte) '\r' : (byte) ('a' + random.nextInt(26));
        }
        byte[] expected = reference(local);
        NetasciiBlockSource source = new NetasciiBlockSource(BlockSource.ofBytes(local));
        long position = 0;
        for (int i = 0; i < 5000; i++) {
            // Mostly forward, sometimes back a little (a retransmission), sometimes released.
            int step = random.nextInt(10);
            if (step == 0) {
                position = Math.max(0, position - random.nextInt(300));
            } else if (step == 1) {
                source.release(position);
            }
            ByteBuffer buf = ByteBuffer.allocate(1 + random.nextInt(100));
            int n = source.read(buf, position);
            if (position >= expected.length) {
                assertEquals(-1, n);
                position = random.nextInt(expected.length);
                continue;
            }
            int want = (int) Math.min(buf.capacity(), expected.length - position);
            assertEquals("read at " + position, want, n);
            for (int k = 0; k < n; k++) {
                assertEquals("byte at " + (position + k), expected[(int) position + k], buf.get(k));
            }
            position += n;
        }
    }

    @Test
    public void transferWithLossRereadsTheWindowCorrectly() {
        Random random = new Random(7);
        byte[] local = new byte[5000];
        for (int i = 0; i < local.length; i++) {
            int pick = random.nextInt(5);
            local[i] = pick == 0 ? (byte) '\n' : pick == 1 ? (byte) '\r' : (byte) 'x';
        }
        byte[] expected = reference(local);
        for (int window : new int[] {1, 4}) {
            // Odd block size so that CR pairs straddle block boundaries.
            Negotiated n = new Negotiated(9, window, Duration.ofSeconds(1), false, Map.of());
            ReadTransfer transfer = new ReadTransfer(n, new NetasciiBlockSource(BlockSource.ofBytes(local)), 30);
            SimulatedClient client = new SimulatedClient(9, window, true);
            Random loss = new Random(window);
            TransferHarness harness = new TransferHarness(transfer, client,
                    p -> p instanceof Data && loss.nextInt(100) < 10, p -> loss.nextInt(100) < 10);
            assertEquals(TransferState.COMPLETE, harness.run(10_000_000));
            assertTrue(transfer.stats().retransmits() > 0);
            assertArrayEquals("window " + window, expected, client.bytes());
        }
    }
}
