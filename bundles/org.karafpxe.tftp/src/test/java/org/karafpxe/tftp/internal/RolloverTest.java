package org.karafpxe.tftp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.karafpxe.tftp.Ack;
import org.karafpxe.tftp.Data;

/** Files of more than 65535 blocks wrap the 16-bit block number to 0 and must still arrive intact. */
public class RolloverTest {

    private static final int BLOCK = 512;
    private static final long SIZE = 70_000L * BLOCK + 123;

    private void transferAcrossRollover(int window) {
        PatternBlockSource source = new PatternBlockSource(SIZE);
        Negotiated n = new Negotiated(BLOCK, window, Duration.ofSeconds(1), false, Map.of());
        ReadTransfer transfer = new ReadTransfer(n, source, 3);
        SimulatedClient client = new SimulatedClient(BLOCK, window, false);
        TransferHarness harness = new TransferHarness(transfer, client, TransferHarness.NO_LOSS, TransferHarness.NO_LOSS);
        assertEquals(TransferState.COMPLETE, harness.run(10_000_000));
        assertEquals(70_001, client.blocksReceived());
        assertEquals(SIZE, client.length());
        assertEquals(PatternBlockSource.crcOf(SIZE), client.crc());
        assertTrue("block numbers wrapped through 0", client.sawWireBlockZero());
        assertEquals(SIZE, transfer.stats().bytesSent());
    }

    @Test
    public void windowOfOne() {
        transferAcrossRollover(1);
    }

    @Test
    public void windowOfEight() {
        transferAcrossRollover(8);
    }

    @Test
    public void windowSpanningTheWrapAcceptsAcksOnBothSides() {
        Negotiated n = new Negotiated(BLOCK, 8, Duration.ofSeconds(1), false, Map.of());
        ReadTransfer transfer = new ReadTransfer(n, new PatternBlockSource(SIZE), 3);
        transfer.start(0);
        long acked = 0;
        while (acked < 65528) {
            acked += 8;
            transfer.onPacket(new Ack(Data.wireBlock(acked)), 0);
        }
        // Window in flight: 65529..65536, i.e. wire 65529..65535, 0.
        assertTrue("ACK 65535 lies before the wrap",
                !transfer.onPacket(new Ack(65535), 0).packets().isEmpty());
        List<Integer> next = transfer.onPacket(new Ack(0), 0).packets().stream()
                .map(p -> ((Data) p).block()).toList();
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), next);
        assertTrue("the old ACK 0 before the wrap is now a duplicate",
                transfer.onPacket(new Ack(0), 0).packets().isEmpty());
    }
}
