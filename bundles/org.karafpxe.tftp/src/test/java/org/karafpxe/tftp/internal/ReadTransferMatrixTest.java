package org.karafpxe.tftp.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.Rule;
import org.junit.Test;
import org.karafpxe.api.BootFile;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;
import org.karafpxe.tftp.BlockSource;

/**
 * Whole transfers, byte-compared, across sizes around block boundaries for each block and window size,
 * with and without the next window prepared ahead of each ACK.
 */
@RunWith(Parameterized.class)
public class ReadTransferMatrixTest {

    private static final OptionNegotiator NEGOTIATOR =
            new OptionNegotiator(OptionNegotiator.MAX_BLOCK_SIZE, 64, Duration.ofSeconds(1));

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final int blockSize;
    private final int windowSize;
    private final boolean prepareAhead;

    public ReadTransferMatrixTest(int blockSize, int windowSize, boolean prepareAhead) {
        this.blockSize = blockSize;
        this.windowSize = windowSize;
        this.prepareAhead = prepareAhead;
    }

    @Parameters(name = "blksize={0} windowsize={1} prepared={2}")
    public static Collection<Object[]> parameters() {
        List<Object[]> p = new ArrayList<>();
        for (int blockSize : new int[] {512, 1468, 8192}) {
            for (int windowSize : new int[] {1, 4, 16}) {
                p.add(new Object[] {blockSize, windowSize, false});
                p.add(new Object[] {blockSize, windowSize, true});
            }
        }
        return p;
    }

    private List<Integer> sizes() {
        TreeSet<Integer> sizes = new TreeSet<>(List.of(0, 1, 511, 512, 513, 1023, 1024, 1025));
        sizes.addAll(List.of(blockSize - 1, blockSize, blockSize + 1, 3 * blockSize,
                windowSize * blockSize, windowSize * blockSize + 1, 20 * blockSize + 17));
        return new ArrayList<>(sizes);
    }

    private Map<String, String> requestedOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        if (blockSize != OptionNegotiator.DEFAULT_BLOCK_SIZE) {
            options.put("blksize", Integer.toString(blockSize));
        }
        if (windowSize != 1) {
            options.put("windowsize", Integer.toString(windowSize));
        }
        options.put("tsize", "0");
        return options;
    }

    private SimulatedClient transfer(BlockSource source) {
        Negotiated negotiated = NEGOTIATOR.negotiate(requestedOptions(), source.size());
        assertEquals(blockSize, negotiated.blockSize());
        assertEquals(windowSize, negotiated.windowSize());
        ReadTransfer transfer = new ReadTransfer(negotiated, source, 3);
        SimulatedClient client = new SimulatedClient(blockSize, windowSize, true);
        TransferHarness harness = new TransferHarness(transfer, client, TransferHarness.NO_LOSS, TransferHarness.NO_LOSS);
        harness.prepareAhead = prepareAhead;
        assertEquals(TransferState.COMPLETE, harness.run(1_000_000));
        assertEquals("no timeouts on a perfect link", 0, harness.timeouts);
        assertEquals(Long.toString(source.size()), client.oack().get("tsize"));
        long blocks = source.size() / blockSize + 1;
        assertEquals(blocks, client.blocksReceived());
        assertEquals("each block sent exactly once", blocks, harness.dataPacketsSent);
        long windows = (blocks + windowSize - 1) / windowSize;
        assertEquals("every window (the first one during the OACK's round trip) sent as prepared",
                prepareAhead ? windows : 0, harness.preparedWindowsSent);
        TransferStats stats = transfer.stats();
        assertEquals(source.size(), stats.bytesSent());
        assertEquals(source.size(), stats.totalBytes());
        assertEquals(0, stats.retransmits());
        assertEquals(0, stats.blocksResent());
        assertTrue(transfer.nextDeadline().isEmpty());
        return client;
    }

    @Test
    public void transfersInMemoryContentIntact() {
        Random random = new Random(blockSize * 31L + windowSize);
        for (int size : sizes()) {
            byte[] content = new byte[size];
            random.nextBytes(content);
            SimulatedClient client = transfer(BlockSource.ofBytes(content));
            assertArrayEquals("size " + size, content, client.bytes());
        }
    }

    @Test
    public void transfersFileContentIntact() throws IOException {
        Random random = new Random(blockSize * 17L + windowSize);
        for (int size : List.of(0, blockSize, 5 * blockSize + 3)) {
            byte[] content = new byte[size];
            random.nextBytes(content);
            Path file = temp.newFile().toPath();
            Files.write(file, content);
            try (BlockSource source = new BootFileBlockSource(BootFile.of(FileChannel.open(file, StandardOpenOption.READ)))) {
                assertArrayEquals("size " + size, content, transfer(source).bytes());
            }
        }
    }
}
