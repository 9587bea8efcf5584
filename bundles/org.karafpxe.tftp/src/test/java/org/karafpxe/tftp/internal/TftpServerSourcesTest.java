package org.karafpxe.tftp.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import org.karafpxe.api.BootFile;
import org.karafpxe.api.BootFileSource;
import org.karafpxe.tftp.Data;
import org.karafpxe.tftp.ErrorPacket;
import org.karafpxe.tftp.OptionAck;
import org.karafpxe.tftp.ReadRequest;
import org.karafpxe.tftp.TftpErrorCode;
import org.karafpxe.tftp.TftpStatistics;
import org.karafpxe.tftp.TransferMode;

/**
 * The server with boot file sources other than a directory: their order, their refusals and failures,
 * and slow ones, which must never hold up other clients.
 */
public class TftpServerSourcesTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Rule
    public Timeout timeout = Timeout.seconds(60);

    private Path root;
    private ServerFixture server;
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final List<InetSocketAddress> askers = new CopyOnWriteArrayList<>();
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final CountDownLatch releaseOpen = new CountDownLatch(1);
    private final CountDownLatch releaseRead = new CountDownLatch(1);
    private final CountDownLatch releaseStall = new CountDownLatch(1);
    private final byte[] generated = ServerFixture.content(5000, 42);
    private final byte[] slow = ServerFixture.content(3000, 43);
    private final byte[] generated300k = ServerFixture.content(300_000, 47);

    /** Generated files, refusals and failures, ahead of the directory. */
    private final BootFileSource scripted = (path, client) -> {
        asked.add(path);
        askers.add(client);
        switch (path) {
            case "menu.ipxe":
                return Optional.of(BootFile.of(generated));
            case "taken.ipxe":
                return Optional.of(BootFile.of(generated).whenDelivering(() -> delivered.add(path)));
            case "private.bin":
                throw new SecurityException("Not for you");
            case "broken.bin":
            case "broken-missing.bin":
                throw new IOException("database unavailable");
            case "stream.bin":
                return Optional.of(stream(generated));
            case "slow-open.bin":
                await(releaseOpen);
                return Optional.of(BootFile.of(slow));
            case "slow-read.bin":
                return Optional.of(slowReading(slow));
            case "stall.bin":
                return Optional.of(stallingBeyond(generated300k, 150_000));
            case "failing.bin":
                return Optional.of(failingAfter(generated, 2048));
            default:
                return Optional.empty();
        }
    };

    @Before
    public void start() throws IOException {
        root = temp.newFolder("tftproot").toPath();
        Files.write(root.resolve("menu.ipxe"), "#!ipxe from disk".getBytes());
        Files.write(root.resolve("broken.bin"), ServerFixture.content(2000, 44));
        Files.write(root.resolve("file.bin"), ServerFixture.content(40_000, 45));
        Files.createDirectories(root.resolve("boot/x86"));
        Files.write(root.resolve("boot/x86/wdsnbp.com"), ServerFixture.content(1000, 46));
        server = ServerFixture.start(root, Map.of("timeout.ms", "300"), List.of(scripted));
    }

    @After
    public void stop() {
        releaseOpen.countDown();
        releaseRead.countDown();
        releaseStall.countDown();
        server.close();
    }

    private static ReadRequest rrq(String name) {
        return new ReadRequest(name, TransferMode.OCTET);
    }

    private byte[] fetch(String name) throws IOException {
        try (ScriptedClient client = new ScriptedClient(server.address)) {
            return client.download(rrq(name)).content();
        }
    }

    private ErrorPacket refusal(String name) throws IOException {
        try (ScriptedClient client = new ScriptedClient(server.address)) {
            client.send(rrq(name));
            return client.expectError(3000);
        }
    }

    @Test
    public void higherRankedSourceWinsAndSeesTheNormalisedName() throws Exception {
        assertArrayEquals(generated, fetch("menu.ipxe"));
        assertArrayEquals(Files.readAllBytes(root.resolve("boot/x86/wdsnbp.com")), fetch("\\boot\\x86\\wdsnbp.com"));
        assertEquals(List.of("menu.ipxe", "boot/x86/wdsnbp.com"), asked);
        assertEquals("127.0.0.1", askers.get(0).getAddress().getHostAddress());
    }

    @Test
    public void aSizeProbeNeverTellsTheSourceItsContentWentOutButAReadDoesOnce() throws Exception {
        try (ScriptedClient client = new ScriptedClient(server.address)) {
            // UEFI's probe: tsize=0, the OACK, then error 8.
            client.send(new ReadRequest("taken.ipxe", TransferMode.OCTET, Map.of("tsize", "0")));
            ScriptedClient.Received oack = client.expect(3000);
            assertTrue(oack.packet().toString(), oack.packet() instanceof OptionAck);
            client.sendTo(oack.from(), new ErrorPacket(TftpErrorCode.OPTION_REFUSED, "probe"));
        }
        try (ScriptedClient client = new ScriptedClient(server.address)) {
            assertArrayEquals(generated, client.download(new ReadRequest("taken.ipxe", TransferMode.OCTET,
                    Map.of("tsize", "0", "blksize", "1468"))).content());
        }
        assertArrayEquals(generated, fetch("taken.ipxe"));
        // The second read is the last thing sent; its source may be told just after its last ACK.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (delivered.size() < 2 && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        assertEquals("once per read with options and once without, never for the probe",
                List.of("taken.ipxe", "taken.ipxe"), delivered);
        assertEquals(List.of("taken.ipxe", "taken.ipxe", "taken.ipxe"), asked);
    }

    @Test
    public void aSourceRefusingANameIsAnAccessViolation() throws Exception {
        ErrorPacket error = refusal("private.bin");
        assertEquals(TftpErrorCode.ACCESS_VIOLATION, error.code());
        assertEquals("Not for you", error.message());
        assertEquals(1, server.stats().refusedAccess());
    }

    @Test
    public void aFailingSourceIsSkipped() throws Exception {
        assertArrayEquals(Files.readAllBytes(root.resolve("broken.bin")), fetch("broken.bin"));
        ErrorPacket error = refusal("broken-missing.bin");
        assertEquals(TftpErrorCode.NOT_DEFINED, error.code());
        assertEquals("File could not be opened", error.message());
        assertEquals(1, server.stats().failed());
        assertEquals(TftpErrorCode.FILE_NOT_FOUND, refusal("nowhere.bin").code());
        assertEquals(1, server.stats().refusedNotFound());
    }

    @Test
    public void contentOfUnknownSizeIsServedWithoutTsize() throws Exception {
        try (ScriptedClient client = new ScriptedClient(server.address)) {
            ScriptedClient.Download download = client.download(new ReadRequest("stream.bin", TransferMode.OCTET,
                    Map.of("tsize", "0", "blksize", "1000")));
            assertArrayEquals(generated, download.content());
            assertEquals(Map.of("blksize", "1000"), download.oack());
        }
    }

    @Test
    public void anEmptyFileDoesNotAnnounceTsizeZero() throws Exception {
        Files.write(root.resolve("empty.bin"), new byte[0]);
        try (ScriptedClient client = new ScriptedClient(server.address)) {
            ScriptedClient.Download download = client.download(new ReadRequest("empty.bin", TransferMode.OCTET,
                    Map.of("tsize", "0")));
            assertEquals(0, download.content().length);
            assertNull("curl refuses an OACK with tsize 0", download.oack());
        }
    }

    @Test
    public void aReadFailureEndsTheTransferWithAnError() throws Exception {
        try (ScriptedClient client = new ScriptedClient(server.address)) {
            client.send(new ReadRequest("failing.bin", TransferMode.OCTET, Map.of("blksize", "1024")));
            ScriptedClient.Received oack = client.expect(3000);
            assertTrue(oack.packet() instanceof OptionAck);
            client.sendTo(oack.from(), new org.karafpxe.tftp.Ack(0));
            List<ScriptedClient.Received> packets = new ArrayList<>();
            for (int block = 1; block < 10; block++) {
                ScriptedClient.Received received = client.expect(3000);
                packets.add(received);
                if (received.packet() instanceof ErrorPacket) {
                    break;
                }
                client.sendTo(oack.from(), new org.karafpxe.tftp.Ack(((Data) received.packet()).block()));
            }
            ErrorPacket error = (ErrorPacket) packets.get(packets.size() - 1).packet();
            assertEquals(TftpErrorCode.NOT_DEFINED, error.code());
            assertTrue("some data first, then the error: " + packets, packets.size() >= 2);
        }
        TftpStatistics stats = server.statsWhen(s -> s.failed() == 1);
        assertEquals(1, stats.failed());
    }

    @Test
    public void aSlowOpenDoesNotHoldUpOtherClients() throws Exception {
        try (ScriptedClient waiting = new ScriptedClient(server.address)) {
            waiting.send(rrq("slow-open.bin"));
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                assertArrayEquals(Files.readAllBytes(root.resolve("file.bin")), fetch("file.bin"));
                assertTrue("served while another open waits", System.nanoTime() - start < 2_000_000_000L);
            }
            assertNull("the slow one is still opening", waiting.receive(50));
            assertEquals(1, server.stats().activeSessions());
            releaseOpen.countDown();
            assertTrue(waiting.expect(3000).packet() instanceof Data);
        }
    }

    @Test
    public void aSlowReadDoesNotHoldUpTheEventLoops() throws Exception {
        try (ScriptedClient waiting = new ScriptedClient(server.address)) {
            waiting.send(rrq("slow-read.bin"));
            // Sessions are spread over the event loops in turn, so some of these share the slow one's loop.
            for (int i = 0; i < 4; i++) {
                long start = System.nanoTime();
                assertArrayEquals(Files.readAllBytes(root.resolve("file.bin")), fetch("file.bin"));
                assertTrue("served while a read waits", System.nanoTime() - start < 2_000_000_000L);
            }
            assertNull("the slow one has sent nothing yet", waiting.receive(50));
            releaseRead.countDown();
            ScriptedClient.Received first = waiting.expect(3000);
            assertEquals(1, ((Data) first.packet()).block());
        }
    }

    @Test
    public void aTransferWaitingForItsFileNeitherSpinsNorRetransmits() throws Exception {
        CompletableFuture<byte[]> download = CompletableFuture.supplyAsync(() -> {
            try (ScriptedClient client = new ScriptedClient(server.address)) {
                return client.download(new ReadRequest("stall.bin", TransferMode.OCTET, Map.of("blksize", "8192")))
                        .content();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Thread.sleep(300);
        long cpuBefore = eventLoopCpuNanos();
        // Five retransmission timeouts (300 ms) pass while the file read waits.
        Thread.sleep(1500);
        long cpuSpent = eventLoopCpuNanos() - cpuBefore;
        assertFalse(download.isDone());
        assertEquals("no retransmission of a window the client has acknowledged", 0, server.stats().retransmits());
        assertTrue("the event loops idle while waiting: " + cpuSpent / 1_000_000 + " ms CPU",
                cpuSpent < 300_000_000L);
        releaseStall.countDown();
        assertArrayEquals(generated300k, download.get(10, TimeUnit.SECONDS));
    }

    private static long eventLoopCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("karafpxe-tftp-io")) {
                total += Math.max(0, threads.getThreadCpuTime(thread.getId()));
            }
        }
        return total;
    }

    private BootFile stallingBeyond(byte[] content, long stallFrom) {
        BootFile inner = BootFile.of(content);
        return new BootFile() {
            @Override
            public long size() {
                return content.length;
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                if (position + dst.remaining() > stallFrom) {
                    await(releaseStall);
                }
                return inner.read(dst, position);
            }
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static BootFile stream(byte[] content) {
        BootFile inner = BootFile.of(content);
        return new BootFile() {
            @Override
            public long size() {
                return -1;
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                return inner.read(dst, position);
            }
        };
    }

    private BootFile slowReading(byte[] content) {
        BootFile inner = BootFile.of(content);
        return new BootFile() {
            @Override
            public long size() {
                return content.length;
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                await(releaseRead);
                return inner.read(dst, position);
            }
        };
    }

    private static BootFile failingAfter(byte[] content, long limit) {
        BootFile inner = BootFile.of(content);
        return new BootFile() {
            @Override
            public long size() {
                return content.length;
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                if (position >= limit) {
                    throw new IOException("sector not found");
                }
                ByteBuffer limited = dst.duplicate();
                limited.limit(limited.position() + (int) Math.min(dst.remaining(), limit - position));
                int n = inner.read(limited, position);
                dst.position(dst.position() + Math.max(n, 0));
                return n;
            }
        };
    }
}
