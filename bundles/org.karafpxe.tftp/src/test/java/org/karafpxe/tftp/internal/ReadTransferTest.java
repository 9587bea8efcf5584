package org.karafpxe.tftp.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.Test;
import org.karafpxe.tftp.Ack;
import org.karafpxe.tftp.BlockSource;
import org.karafpxe.tftp.Data;
import org.karafpxe.tftp.DecodeResult;
import org.karafpxe.tftp.ErrorPacket;
import org.karafpxe.tftp.OptionAck;
import org.karafpxe.tftp.ReadRequest;
import org.karafpxe.tftp.TftpCodec;
import org.karafpxe.tftp.TftpErrorCode;
import org.karafpxe.tftp.TftpPacket;
import org.karafpxe.tftp.TransferMode;

public class ReadTransferTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final long T0 = 5_000_000_000L;

    private static Negotiated params(int blockSize, int windowSize) {
        return new Negotiated(blockSize, windowSize, TIMEOUT, false, Map.of());
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static List<Integer> dataBlocks(Outcome outcome) {
        List<Integer> blocks = new ArrayList<>();
        for (TftpPacket p : outcome.packets()) {
            if (p instanceof Data d) {
                blocks.add(d.block());
            }
        }
        return blocks;
    }

    @Test
    public void plainTransferWithoutOptionsStartsWithData() {
        byte[] content = randomBytes(1500, 5);
        OptionNegotiator negotiator = new OptionNegotiator(1468, 16, TIMEOUT);
        ReadTransfer transfer = new ReadTransfer(negotiator.negotiate(Map.of(), content.length),
                BlockSource.ofBytes(content), 3);
        Outcome first = new ReadTransfer(negotiator.negotiate(Map.of(), content.length),
                BlockSource.ofBytes(content), 3).start(T0);
        assertEquals(List.of(1), dataBlocks(first));
        SimulatedClient client = new SimulatedClient(512, 1, true);
        TransferHarness harness = new TransferHarness(transfer, client, TransferHarness.NO_LOSS, TransferHarness.NO_LOSS);
        assertEquals(TransferState.COMPLETE, harness.run(10_000));
        assertNull("no OACK without options", client.oack());
        assertArrayEquals(content, client.bytes());
    }

    @Test
    public void oackIsAcknowledgedByAckZeroBeforeData() {
        Negotiated n = new Negotiated(512, 2, TIMEOUT, true, Map.of("windowsize", "2"));
        ReadTransfer transfer = new ReadTransfer(n, BlockSource.ofBytes(randomBytes(2000, 1)), 3);
        Outcome start = transfer.start(T0);
        assertEquals(List.of(new OptionAck(Map.of("windowsize", "2"))), start.packets());
        assertTrue("a stray ACK 1 does not skip the OACK handshake",
                transfer.onPacket(new Ack(1), T0).packets().isEmpty());
        assertEquals(List.of(1, 2), dataBlocks(transfer.onPacket(new Ack(0), T0)));
        assertTrue("a second ACK 0 is a duplicate", transfer.onPacket(new Ack(0), T0).packets().isEmpty());
        assertEquals(List.of(3, 4), dataBlocks(transfer.onPacket(new Ack(2), T0)));
    }

    @Test
    public void windowResumesFromTheLastAcknowledgedBlock() {
        ReadTransfer transfer = new ReadTransfer(params(512, 4), BlockSource.ofBytes(randomBytes(512 * 10, 2)), 3);
        assertEquals(List.of(1, 2, 3, 4), dataBlocks(transfer.start(T0)));
        // Block 3 was lost: the client has 1 and 2 and says so.
        Outcome resumed = transfer.onPacket(new Ack(2), T0 + 10);
        assertEquals(List.of(3, 4, 5, 6), dataBlocks(resumed));
        assertEquals(2, transfer.stats().blocksResent());
        assertEquals(6 * 512, transfer.stats().bytesSent());
        assertEquals("progress is not a timeout", 0, transfer.stats().retransmits());
    }

    @Test
    public void duplicateAcksSendNothing() {
        ReadTransfer transfer = new ReadTransfer(params(512, 4), BlockSource.ofBytes(randomBytes(512 * 20, 3)), 3);
        int sent = dataBlocks(transfer.start(T0)).size();
        sent += dataBlocks(transfer.onPacket(new Ack(4), T0)).size();
        assertEquals(8, sent);
        long deadline = transfer.nextDeadline().getAsLong();
        for (int block : new int[] {4, 4, 0, 3, 1, 65535, 40000}) {
            Outcome outcome = transfer.onPacket(new Ack(block), T0 + 1);
            assertTrue("ACK " + block + " must not trigger sending", outcome.packets().isEmpty());
            assertEquals(TransferState.ACTIVE, outcome.state());
        }
        assertEquals("duplicates do not move the deadline", deadline, transfer.nextDeadline().getAsLong());
        assertEquals(0, transfer.stats().blocksResent());
        assertEquals(List.of(9, 10, 11, 12), dataBlocks(transfer.onPacket(new Ack(8), T0 + 2)));
    }

    @Test
    public void duplicateAcksDoNotDoubleTrafficInLockStep() {
        // The sorcerer's apprentice: every DATA delayed so the client re-ACKs, and each ACK arrives twice.
        byte[] content = randomBytes(512 * 50 + 1, 4);
        ReadTransfer transfer = new ReadTransfer(params(512, 1), BlockSource.ofBytes(content), 3);
        long dataSent = dataBlocks(transfer.start(T0)).size();
        for (int block = 1; block <= 51; block++) {
            dataSent += dataBlocks(transfer.onPacket(new Ack(block), T0)).size();
            dataSent += dataBlocks(transfer.onPacket(new Ack(block), T0)).size();
        }
        assertEquals(TransferState.COMPLETE, transfer.state());
        assertEquals(51, dataSent);
    }

    @Test
    public void uefiTsizeProbeEndsAsAbortedByClient() {
        byte[] rrqWire = TftpCodec.encode(new ReadRequest("\\EFI\\BOOT\\BOOTX64.EFI", TransferMode.OCTET,
                orderedOptions("tsize", "0", "blksize", "1468", "windowsize", "4")));
        ReadRequest rrq = (ReadRequest) ((DecodeResult.Decoded) TftpCodec.decode(rrqWire, 0, rrqWire.length)).packet();
        PatternBlockSource source = new PatternBlockSource(1_234_567);
        Negotiated n = new OptionNegotiator(1468, 16, TIMEOUT).negotiate(rrq.options(), source.size());
        ReadTransfer transfer = new ReadTransfer(n, source, 5);

        Outcome start = transfer.start(T0);
        assertEquals(1, start.packets().size());
        OptionAck oack = (OptionAck) start.packets().get(0);
        assertEquals(List.of("tsize", "blksize", "windowsize"), List.copyOf(oack.options().keySet()));
        assertEquals("1234567", oack.options().get("tsize"));
        assertEquals("1468", oack.options().get("blksize"));
        assertEquals("4", oack.options().get("windowsize"));

        Outcome aborted = transfer.onPacket(
                new ErrorPacket(TftpErrorCode.OPTION_REFUSED, "User aborted the transfer"), T0 + 1000);
        assertEquals(TransferState.ABORTED_BY_CLIENT, aborted.state());
        assertTrue(aborted.packets().isEmpty());
        assertTrue(transfer.nextDeadline().isEmpty());
        assertTrue(transfer.onTimeout(T0 + 60_000_000_000L).packets().isEmpty());
        assertTrue(transfer.onPacket(new Ack(0), T0 + 2000).packets().isEmpty());
        assertEquals(TransferState.ABORTED_BY_CLIENT, transfer.state());
        assertEquals(0, transfer.stats().retransmits());
        assertEquals(0, transfer.stats().bytesSent());
        assertEquals("no file content was read for a probe", 0, source.reads);
        assertTrue(transfer.stats().detail().contains("User aborted"));
    }

    private static Map<String, String> orderedOptions(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    public void retriesAreBoundedWhenTheClientNeverAcks() {
        int maxRetries = 5;
        ReadTransfer transfer = new ReadTransfer(params(512, 4), BlockSource.ofBytes(randomBytes(512 * 10, 6)), maxRetries);
        assertEquals(List.of(1, 2, 3, 4), dataBlocks(transfer.start(T0)));
        int retransmissions = 0;
        List<TftpPacket> last = List.of();
        while (!transfer.state().isTerminal()) {
            long deadline = transfer.nextDeadline().getAsLong();
            assertTrue("early call does nothing", transfer.onTimeout(deadline - 1).packets().isEmpty());
            Outcome outcome = transfer.onTimeout(deadline);
            if (outcome.state() == TransferState.ACTIVE) {
                assertEquals("the whole unacknowledged window is resent", List.of(1, 2, 3, 4), dataBlocks(outcome));
                retransmissions++;
            }
            last = outcome.packets();
            assertTrue("runaway", retransmissions <= maxRetries);
        }
        assertEquals(TransferState.FAILED, transfer.state());
        assertEquals(maxRetries, retransmissions);
        assertEquals(maxRetries, transfer.stats().retransmits());
        assertEquals(List.of(new ErrorPacket(TftpErrorCode.NOT_DEFINED, "Transfer timed out")), last);
        assertTrue(transfer.nextDeadline().isEmpty());
    }

    @Test
    public void retriesAreBoundedWhileWaitingForTheOackAck() {
        Negotiated n = new Negotiated(1468, 1, TIMEOUT, true, Map.of("blksize", "1468"));
        ReadTransfer transfer = new ReadTransfer(n, BlockSource.ofBytes(new byte[10]), 2);
        transfer.start(T0);
        assertEquals(List.of(new OptionAck(Map.of("blksize", "1468"))),
                transfer.onTimeout(transfer.nextDeadline().getAsLong()).packets());
        assertEquals(List.of(new OptionAck(Map.of("blksize", "1468"))),
                transfer.onTimeout(transfer.nextDeadline().getAsLong()).packets());
        assertEquals(TransferState.FAILED, transfer.onTimeout(transfer.nextDeadline().getAsLong()).state());
        assertEquals(2, transfer.stats().retransmits());
    }

    @Test
    public void progressResetsTheRetryCount() {
        ReadTransfer transfer = new ReadTransfer(params(512, 1), BlockSource.ofBytes(randomBytes(512 * 5, 7)), 1);
        transfer.start(T0);
        for (int block = 1; block <= 5; block++) {
            Outcome retry = transfer.onTimeout(transfer.nextDeadline().getAsLong());
            assertEquals(List.of(block), dataBlocks(retry));
            transfer.onPacket(new Ack(block), transfer.nextDeadline().getAsLong() - 1);
        }
        assertEquals(TransferState.ACTIVE, transfer.state());
        transfer.onPacket(new Ack(6), T0);
        assertEquals(TransferState.COMPLETE, transfer.state());
        assertEquals(5, transfer.stats().retransmits());
    }

    @Test
    public void deadlineFollowsTheLastSend() {
        ReadTransfer transfer = new ReadTransfer(params(512, 1), BlockSource.ofBytes(new byte[2000]), 3);
        transfer.start(T0);
        assertEquals(T0 + TIMEOUT.toNanos(), transfer.nextDeadline().getAsLong());
        transfer.onPacket(new Ack(1), T0 + 123);
        assertEquals(T0 + 123 + TIMEOUT.toNanos(), transfer.nextDeadline().getAsLong());
    }

    @Test
    public void wrongPacketKindsAreIgnored() {
        ReadTransfer transfer = new ReadTransfer(params(512, 1), BlockSource.ofBytes(new byte[2000]), 3);
        transfer.start(T0);
        for (TftpPacket stray : List.of(new ReadRequest("x", TransferMode.OCTET), Data.copyOf(1, new byte[3]),
                new OptionAck(Map.of("blksize", "512")))) {
            Outcome outcome = transfer.onPacket(stray, T0);
            assertTrue(outcome.packets().isEmpty());
            assertEquals(TransferState.ACTIVE, outcome.state());
        }
        assertEquals(List.of(2), dataBlocks(transfer.onPacket(new Ack(1), T0)));
    }

    @Test
    public void anyClientErrorAbortsQuietlyMidTransfer() {
        ReadTransfer transfer = new ReadTransfer(params(512, 4), BlockSource.ofBytes(new byte[100_000]), 3);
        transfer.start(T0);
        transfer.onPacket(new Ack(4), T0);
        Outcome outcome = transfer.onPacket(new ErrorPacket(TftpErrorCode.DISK_FULL, "full"), T0);
        assertEquals(TransferState.ABORTED_BY_CLIENT, outcome.state());
        assertTrue(outcome.packets().isEmpty());
    }

    @Test
    public void readFailureFailsTheTransferWithAnError() {
        BlockSource broken = new BlockSource() {
            @Override
            public long size() {
                return 5000;
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                if (position >= 1024) {
                    throw new IOException("disk gone");
                }
                dst.put(new byte[dst.remaining()]);
                return 512;
            }
        };
        ReadTransfer transfer = new ReadTransfer(params(512, 1), broken, 3);
        assertEquals(List.of(1), dataBlocks(transfer.start(T0)));
        transfer.onPacket(new Ack(1), T0);
        Outcome failed = transfer.onPacket(new Ack(2), T0);
        assertEquals(TransferState.FAILED, failed.state());
        assertEquals(List.of(new ErrorPacket(TftpErrorCode.NOT_DEFINED, "Read error")), failed.packets());
        assertTrue(transfer.stats().detail().contains("disk gone"));
        assertTrue(transfer.nextDeadline().isEmpty());
    }

    @Test
    public void contentThatShrinksDuringTheTransferFailsIt() {
        byte[][] content = {randomBytes(512 * 4 + 10, 8)};
        BlockSource changing = new BlockSource() {
            @Override
            public long size() {
                return -1;
            }

            @Override
            public int read(ByteBuffer dst, long position) {
                byte[] c = content[0];
                if (position >= c.length) {
                    return -1;
                }
                int n = (int) Math.min(dst.remaining(), c.length - position);
                dst.put(c, (int) position, n);
                return n;
            }
        };
        ReadTransfer transfer = new ReadTransfer(params(512, 8), changing, 3);
        assertEquals(List.of(1, 2, 3, 4, 5), dataBlocks(transfer.start(T0)));
        content[0] = new byte[512 + 100];
        Outcome outcome = transfer.onPacket(new Ack(1), T0);
        assertEquals(TransferState.FAILED, outcome.state());
    }

    @Test
    public void aPreparedWindowIsTheAnswerToTheAckOfTheWholeWindowInFlightOnly() {
        byte[] content = randomBytes(512 * 9 + 10, 21);
        ReadTransfer transfer = new ReadTransfer(params(512, 4), BlockSource.ofBytes(content), 3);
        assertEquals(List.of(1, 2, 3, 4), dataBlocks(transfer.start(T0)));
        List<TftpPacket> next = transfer.prepareNextWindow();
        assertEquals(List.of(5, 6, 7, 8), dataBlocks(new Outcome(next, TransferState.ACTIVE)));
        Outcome answer = transfer.onPacket(new Ack(4), T0);
        assertTrue("the very list prepared", answer.packets() == next);
        assertEquals(4 * 512 + 4 * 512, transfer.stats().bytesSent());

        List<TftpPacket> last = transfer.prepareNextWindow();
        assertEquals(List.of(9, 10), dataBlocks(new Outcome(last, TransferState.ACTIVE)));
        Outcome partial = transfer.onPacket(new Ack(6), T0);
        assertFalse("a partial ACK is answered from the file", partial.packets() == last);
        assertEquals(List.of(7, 8, 9, 10), dataBlocks(partial));
        assertArrayEquals(Arrays.copyOfRange(content, 6 * 512, 7 * 512),
                ((Data) partial.packets().get(0)).payloadBytes());
        assertTrue("nothing follows the final block", transfer.prepareNextWindow().isEmpty());
        assertEquals(TransferState.COMPLETE, transfer.onPacket(new Ack(10), T0).state());
        assertEquals(content.length, transfer.stats().bytesSent());
    }

    @Test
    public void lossyLinkStillDeliversTheFileIntact() {
        for (boolean prepareAhead : new boolean[] {false, true}) {
            lossyLinkDeliversTheFileIntact(prepareAhead);
        }
    }

    private void lossyLinkDeliversTheFileIntact(boolean prepareAhead) {
        for (int window : new int[] {1, 4, 16}) {
            byte[] content = randomBytes(512 * 300 + 77, window);
            Random loss = new Random(1000 + window);
            Set<Integer> droppedData = new HashSet<>();
            ReadTransfer transfer = new ReadTransfer(params(512, window), BlockSource.ofBytes(content), 20);
            SimulatedClient client = new SimulatedClient(512, window, true);
            TransferHarness harness = new TransferHarness(transfer, client,
                    p -> {
                        boolean drop = p instanceof Data && loss.nextInt(100) < 8;
                        if (drop) {
                            droppedData.add(((Data) p).block());
                        }
                        return drop;
                    },
                    p -> loss.nextInt(100) < 8);
            harness.prepareAhead = prepareAhead;
            assertEquals("window " + window, TransferState.COMPLETE, harness.run(10_000_000));
            assertArrayEquals("window " + window, content, client.bytes());
            assertFalse(droppedData.isEmpty());
            assertTrue("losses were recovered by timeouts", transfer.stats().retransmits() > 0);
            assertEquals(content.length, transfer.stats().bytesSent());
            assertTrue(harness.dataPacketsSent > 301);
            assertEquals(prepareAhead, harness.preparedWindowsSent > 0);
        }
    }

    @Test
    public void lostFinalAckIsRecoveredByTimeout() {
        byte[] content = randomBytes(1000, 9);
        ReadTransfer transfer = new ReadTransfer(params(512, 1), BlockSource.ofBytes(content), 3);
        SimulatedClient client = new SimulatedClient(512, 1, true);
        boolean[] dropped = {false};
        TransferHarness harness = new TransferHarness(transfer, client, TransferHarness.NO_LOSS, p -> {
            if (p instanceof Ack a && a.block() == 2 && !dropped[0]) {
                dropped[0] = true;
                return true;
            }
            return false;
        });
        assertEquals(TransferState.COMPLETE, harness.run(1000));
        assertEquals(1, harness.timeouts);
        assertEquals(1, transfer.stats().blocksResent());
        assertArrayEquals(content, client.bytes());
    }
}
