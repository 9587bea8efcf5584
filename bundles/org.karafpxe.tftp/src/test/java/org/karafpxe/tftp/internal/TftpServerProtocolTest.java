package org.karafpxe.tftp.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import org.karafpxe.tftp.Ack;
import org.karafpxe.tftp.Data;
import org.karafpxe.tftp.ErrorPacket;
import org.karafpxe.tftp.OptionAck;
import org.karafpxe.tftp.ReadRequest;
import org.karafpxe.tftp.TftpErrorCode;
import org.karafpxe.tftp.TftpSessionInfo;
import org.karafpxe.tftp.TftpStatistics;
import org.karafpxe.tftp.TransferMode;
import org.karafpxe.tftp.WriteRequest;

/**
 * The server over real UDP on 127.0.0.1, driven by a scripted client: requests, refusals, options,
 * retransmission, limits and the UEFI size probe.
 */
public class TftpServerProtocolTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Rule
    public Timeout timeout = Timeout.seconds(60);

    private Path root;
    private Path outside;
    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @Before
    public void createTree() throws IOException {
        root = temp.newFolder("tftproot").toPath();
        outside = temp.newFolder("outside").toPath();
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createDirectories(root.resolve("boot/x86"));
        Files.write(root.resolve("boot/x86/wdsnbp.com"), ServerFixture.content(3000, 7));
        Files.write(root.resolve("three-blocks.bin"), ServerFixture.content(1500, 3));
        Files.write(root.resolve("file.bin"), ServerFixture.content(100_000, 1));
        Files.createSymbolicLink(root.resolve("escape"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("escape-dir"), outside);
    }

    @After
    public void closeAll() throws Exception {
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    private ServerFixture server(Map<String, String> config) {
        ServerFixture server = ServerFixture.start(root, config);
        closeAfter.add(server);
        return server;
    }

    private ScriptedClient client(ServerFixture server) throws IOException {
        ScriptedClient client = new ScriptedClient(server.address);
        closeAfter.add(0, client);
        return client;
    }

    private static ReadRequest rrq(String name, String... options) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        return new ReadRequest(name, TransferMode.OCTET, map);
    }

    @Test
    public void servesFilesOfBoundarySizesLockStep() throws Exception {
        ServerFixture server = server(Map.of());
        int[] sizes = {0, 1, 511, 512, 513, 1024, 1 << 20};
        for (int size : sizes) {
            byte[] content = ServerFixture.content(size, size);
            Files.write(root.resolve("size-" + size), content);
            try (ScriptedClient client = new ScriptedClient(server.address)) {
                ScriptedClient.Download download = client.download(rrq("size-" + size));
                assertArrayEquals("size " + size, content, download.content());
                assertNull("no options, no OACK", download.oack());
                assertNotEquals("the transfer comes from its own port", server.address.getPort(),
                        download.tid().getPort());
            }
        }
        TftpStatistics stats = server.statsWhen(s -> s.transfersCompleted() == sizes.length);
        assertEquals(sizes.length, stats.transfersCompleted());
        assertEquals(0, stats.failed());
        assertEquals(0, stats.activeSessions());
    }

    @Test
    public void windowedTransferWithLargeBlocks() throws Exception {
        ServerFixture server = server(Map.of());
        ScriptedClient client = client(server);
        ScriptedClient.Download download = client.download(rrq("file.bin", "blksize", "1468", "windowsize", "4"));
        assertArrayEquals(Files.readAllBytes(root.resolve("file.bin")), download.content());
        assertEquals(Map.of("blksize", "1468", "windowsize", "4"), download.oack());
        assertEquals("one DATA per block, none resent", 100_000 / 1468 + 1, download.dataPackets());
    }

    @Test
    public void oackCarriesOnlyTheOptionsAsked() throws Exception {
        ServerFixture server = server(Map.of("blksize.max", "8192", "windowsize.max", "8"));
        assertEquals(List.of("blksize"), oackKeys(server, rrq("file.bin", "blksize", "1432")));
        assertEquals(Map.of("tsize", "100000"), oack(server, rrq("file.bin", "tsize", "0")));
        assertEquals(List.of("windowsize"), oackKeys(server, rrq("file.bin", "windowsize", "4", "foo", "bar")));
        assertEquals("the client's order is kept", List.of("windowsize", "tsize", "blksize"),
                oackKeys(server, rrq("file.bin", "windowsize", "4", "tsize", "0", "blksize", "1468")));
        assertEquals("capped by blksize.max and windowsize.max", Map.of("blksize", "8192", "windowsize", "8"),
                oack(server, rrq("file.bin", "blksize", "65464", "windowsize", "64")));
        try (ScriptedClient client = new ScriptedClient(server.address)) {
            client.send(rrq("file.bin", "unknown", "1"));
            ScriptedClient.Received first = client.expect(2000);
            assertTrue("nothing known asked, so no OACK: " + first.packet(), first.packet() instanceof Data);
        }
    }

    private static List<String> oackKeys(ServerFixture server, ReadRequest request) throws IOException {
        return new ArrayList<>(oack(server, request).keySet());
    }

    private static Map<String, String> oack(ServerFixture server, ReadRequest request) throws IOException {
        try (ScriptedClient client = new ScriptedClient(server.address)) {
            client.send(request);
            ScriptedClient.Received first = client.expect(2000);
            assertTrue("expected an OACK, got " + first.packet(), first.packet() instanceof OptionAck);
            client.sendTo(first.from(), new ErrorPacket(TftpErrorCode.OPTION_REFUSED, "only looking"));
            return ((OptionAck) first.packet()).options();
        }
    }

    @Test
    public void writeRequestIsRefused() throws Exception {
        ServerFixture server = server(Map.of());
        ScriptedClient client = client(server);
        client.send(new WriteRequest("upload.bin", TransferMode.OCTET));
        ErrorPacket error = client.expectError(2000);
        assertEquals(TftpErrorCode.ACCESS_VIOLATION, error.code());
        assertEquals("read-only server", error.message());
        assertFalse(Files.exists(root.resolve("upload.bin")));
        TftpStatistics stats = server.stats();
        assertEquals(1, stats.requests());
        assertEquals(1, stats.refusedWriteRequest());
    }

    @Test
    public void hostileNamesGetErrorsNeverContent() throws Exception {
        ServerFixture server = server(Map.of());
        Map<String, TftpErrorCode> names = new LinkedHashMap<>();
        names.put("../etc/passwd", TftpErrorCode.ACCESS_VIOLATION);
        names.put("..\\..\\x", TftpErrorCode.ACCESS_VIOLATION);
        names.put("boot/../../outside/secret.txt", TftpErrorCode.ACCESS_VIOLATION);
        names.put("C:\\x", TftpErrorCode.ACCESS_VIOLATION);
        names.put("\\\\server\\share\\x", TftpErrorCode.ACCESS_VIOLATION);
        names.put("boot\u0001x", TftpErrorCode.ACCESS_VIOLATION);
        names.put("x".repeat(300), TftpErrorCode.ACCESS_VIOLATION);
        names.put("escape", TftpErrorCode.ACCESS_VIOLATION);
        names.put("escape-dir/secret.txt", TftpErrorCode.ACCESS_VIOLATION);
        names.put(outside.resolve("secret.txt").toString(), TftpErrorCode.FILE_NOT_FOUND);
        names.put("/etc/passwd", TftpErrorCode.FILE_NOT_FOUND);
        names.put("boot", TftpErrorCode.FILE_NOT_FOUND);
        for (Map.Entry<String, TftpErrorCode> name : names.entrySet()) {
            try (ScriptedClient client = new ScriptedClient(server.address)) {
                client.send(rrq(name.getKey(), "tsize", "0"));
                ErrorPacket error = client.expectError(2000);
                assertEquals(name.getKey(), name.getValue(), error.code());
                assertTrue("nothing after the error", client.collect(200, 1000).isEmpty());
            }
        }
        try (ScriptedClient client = new ScriptedClient(server.address)) {
            // A NUL inside the name ends it on the wire: what follows is read as the mode and options.
            byte[] nul = "\u0000\u0001escape\u0000x\u0000octet\u0000".getBytes(StandardCharsets.ISO_8859_1);
            client.sendRaw(server.address, nul);
            byte[] nul2 = "\u0000\u0001boot/x86/wdsnbp.com\u0000../../x\u0000octet\u0000\u0000".getBytes(
                    StandardCharsets.ISO_8859_1);
            client.sendRaw(server.address, nul2);
            for (ScriptedClient.Received received : client.collect(300, 2000)) {
                assertTrue("only errors: " + received.packet(), received.packet() instanceof ErrorPacket);
            }
        }
        TftpStatistics stats = server.stats();
        assertEquals(9, stats.refusedAccess());
        assertEquals(3, stats.refusedNotFound());
        assertEquals(0, stats.bytesSent());
    }

    @Test
    public void requestsAreAnsweredWhileEveryTransferThreadIsBusy() throws Exception {
        ServerFixture server = server(Map.of());
        ScriptedClient client = client(server);
        CountDownLatch release = new CountDownLatch(1);
        List<EventExecutor> loops = new ArrayList<>();
        server.core.transferLoops().forEach(loops::add);
        CountDownLatch busy = new CountDownLatch(loops.size());
        try {
            for (EventExecutor loop : loops) {
                loop.execute(() -> {
                    busy.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            assertTrue(busy.await(5, TimeUnit.SECONDS));
            client.send(rrq("no-such-file.bin"));
            assertEquals("the request is read and refused by the listening socket's own thread",
                    TftpErrorCode.FILE_NOT_FOUND, client.expectError(2000).code());
        } finally {
            release.countDown();
        }
    }

    @Test
    public void windowsNamesAreServedFromSubdirectories() throws Exception {
        ServerFixture server = server(Map.of());
        ScriptedClient client = client(server);
        byte[] expected = Files.readAllBytes(root.resolve("boot/x86/wdsnbp.com"));
        assertArrayEquals(expected, client.download(rrq("\\boot\\x86\\wdsnbp.com")).content());
        assertArrayEquals(expected, client.download(rrq("/boot//x86/./wdsnbp.com")).content());
        client.send(rrq("\\Boot\\X86\\WDSNBP.COM"));
        assertEquals("exact case by default", TftpErrorCode.FILE_NOT_FOUND, client.expectError(2000).code());
    }

    @Test
    public void caseInsensitiveMatchingWhenConfigured() throws Exception {
        ServerFixture server = server(Map.of("case", "insensitive"));
        ScriptedClient client = client(server);
        assertArrayEquals(Files.readAllBytes(root.resolve("boot/x86/wdsnbp.com")),
                client.download(rrq("\\Boot\\X86\\WDSNBP.COM")).content());
    }

    @Test
    public void uefiSizeProbeThenRealTransfer() throws Exception {
        ServerFixture server = server(Map.of("timeout.ms", "200", "retries", "3"));
        ScriptedClient client = client(server);
        client.send(rrq("file.bin", "tsize", "0", "blksize", "1468", "windowsize", "4"));
        ScriptedClient.Received oack = client.expect(2000);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("tsize", "100000");
        expected.put("blksize", "1468");
        expected.put("windowsize", "4");
        assertEquals(new OptionAck(expected), oack.packet());
        assertEquals("in the client's order", new ArrayList<>(expected.keySet()),
                new ArrayList<>(((OptionAck) oack.packet()).options().keySet()));
        client.sendTo(oack.from(), new ErrorPacket(TftpErrorCode.OPTION_REFUSED, "User aborted the transfer"));
        assertTrue("no retransmitted OACK, no error after the client's error", client.collect(800, 800).isEmpty());

        ScriptedClient.Download download = client.download(rrq("file.bin", "blksize", "1468", "windowsize", "4"));
        assertArrayEquals(Files.readAllBytes(root.resolve("file.bin")), download.content());
        TftpStatistics stats = server.statsWhen(s -> s.transfersCompleted() == 1);
        assertEquals(1, stats.abortedByClient());
        assertEquals(1, stats.transfersCompleted());
        assertEquals(0, stats.failed());
        assertEquals(0, stats.retransmits());
        assertEquals(2, stats.requests());
    }

    @Test
    public void duplicateAcksDoNotDuplicateData() throws Exception {
        ServerFixture server = server(Map.of("timeout.ms", "3000"));
        ScriptedClient client = client(server);
        client.send(rrq("three-blocks.bin"));
        ScriptedClient.Received first = client.expect(2000);
        assertEquals(1, ((Data) first.packet()).block());
        for (int i = 0; i < 3; i++) {
            client.sendTo(first.from(), new Ack(1));
        }
        List<ScriptedClient.Received> after = client.collect(500, 1500);
        assertEquals("one DATA 2 for three ACK 1: " + after, 1, after.size());
        assertEquals(2, ((Data) after.get(0).packet()).block());
        client.sendTo(first.from(), new Ack(2));
        ScriptedClient.Received last = client.expect(2000);
        assertEquals(3, ((Data) last.packet()).block());
        client.sendTo(first.from(), new Ack(3));
        client.sendTo(first.from(), new Ack(3));
        assertTrue(client.collect(300, 300).isEmpty());
        TftpStatistics stats = server.statsWhen(s -> s.transfersCompleted() == 1);
        assertEquals(1, stats.transfersCompleted());
        assertEquals(1500, stats.bytesSent());
        assertEquals(0, stats.retransmits());
    }

    @Test
    public void silentClientGetsBoundedRetransmitsThenFails() throws Exception {
        ServerFixture server = server(Map.of("timeout.ms", "100", "retries", "3"));
        ScriptedClient client = client(server);
        client.send(rrq("file.bin"));
        List<ScriptedClient.Received> packets = client.collect(700, 5000);
        long data = packets.stream().filter(p -> p.packet() instanceof Data d && d.block() == 1).count();
        assertEquals("the first DATA and 3 retransmits: " + packets, 4, data);
        ScriptedClient.Received lastPacket = packets.get(packets.size() - 1);
        assertTrue("a closing error: " + lastPacket.packet(), lastPacket.packet() instanceof ErrorPacket);
        assertEquals(5, packets.size());
        TftpStatistics stats = server.statsWhen(s -> s.failed() == 1);
        assertEquals(1, stats.failed());
        assertEquals(3, stats.retransmits());
        assertEquals(0, stats.activeSessions());
    }

    @Test
    public void stalledSessionEndsAfterIdleTimeout() throws Exception {
        ServerFixture server = server(Map.of("idle.timeout.s", "1"));
        ScriptedClient client = client(server);
        // The client's own timeout of 60 s would keep the session waiting; the idle timeout ends it first.
        client.send(rrq("file.bin", "timeout", "60"));
        assertTrue(client.expect(2000).packet() instanceof OptionAck);
        long start = System.nanoTime();
        ErrorPacket error = client.expectError(3000);
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(TftpErrorCode.NOT_DEFINED, error.code());
        assertTrue("after about a second: " + waitedMs, waitedMs >= 800 && waitedMs < 2500);
        assertEquals(1, server.statsWhen(s -> s.failed() == 1).failed());
    }

    @Test
    public void sessionsAreListedWhileTheyRun() throws Exception {
        ServerFixture server = server(Map.of("timeout.ms", "5000"));
        ScriptedClient client = client(server);
        client.send(rrq("\\boot\\x86\\wdsnbp.com", "blksize", "1024", "tsize", "0"));
        ScriptedClient.Received oack = client.expect(2000);
        client.sendTo(oack.from(), new Ack(0));
        assertTrue(client.expect(2000).packet() instanceof Data);
        List<TftpSessionInfo> sessions = server.core.sessions();
        assertEquals(1, sessions.size());
        TftpSessionInfo session = sessions.get(0);
        assertEquals(client.localAddress(), session.client());
        assertEquals("boot/x86/wdsnbp.com", session.file());
        assertEquals(1024, session.bytesSent());
        assertEquals(3000, session.totalBytes());
        assertEquals(1024, session.blockSize());
        assertEquals(1, session.windowSize());
        assertEquals(1, server.stats().activeSessions());
    }

    @Test
    public void theIoThreadsPollOnlyOnceATransferHasSentAMebibyte() throws Exception {
        Files.write(root.resolve("large.bin"), ServerFixture.content(2 << 20, 5));
        ServerFixture server = server(Map.of("timeout.ms", "5000"));
        ScriptedClient client = client(server);
        assertFalse("no transfer", server.core.busyPollWorthIt());
        client.send(rrq("large.bin", "blksize", "8192"));
        ScriptedClient.Received oack = client.expect(2000);
        client.sendTo(oack.from(), new Ack(0));
        int block = ((Data) client.expect(2000).packet()).block();
        assertFalse("a boot program's first kilobytes", server.core.busyPollWorthIt());
        while ((long) block * 8192 <= TftpServerCore.POLL_AFTER_BYTES) {
            client.sendTo(oack.from(), new Ack(block));
            block = ((Data) client.expect(2000).packet()).block();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!server.core.busyPollWorthIt() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue("past 1 MiB: a large transfer, worth polling for", server.core.busyPollWorthIt());
    }

    @Test
    public void perClientLimitIsEnforced() throws Exception {
        ServerFixture server = server(Map.of("sessions.per.client", "2", "timeout.ms", "5000"));
        for (int i = 0; i < 2; i++) {
            ScriptedClient holder = client(server);
            holder.send(rrq("file.bin"));
            assertTrue(holder.expect(2000).packet() instanceof Data);
        }
        ScriptedClient third = client(server);
        third.send(rrq("file.bin"));
        ErrorPacket error = third.expectError(2000);
        assertEquals(TftpErrorCode.NOT_DEFINED, error.code());
        assertTrue(error.message(), error.message().contains("sessions.per.client = 2"));
        TftpStatistics stats = server.stats();
        assertEquals(1, stats.refusedLimit());
        assertEquals(2, stats.activeSessions());
    }

    @Test
    public void beyondTheServerLimitRequestsWaitForAFreeSlotAndBeyondTheQueueAreRefused() throws Exception {
        ServerFixture server = server(Map.of("sessions.max", "1", "sessions.waiting", "1", "timeout.ms", "5000"));
        ScriptedClient holder = client(server);
        holder.send(rrq("file.bin"));
        ScriptedClient.Received first = holder.expect(2000);
        assertTrue(first.packet() instanceof Data);
        ScriptedClient waiting = client(server);
        waiting.send(rrq("file.bin"));
        ScriptedClient third = client(server);
        third.send(rrq("file.bin"));
        ErrorPacket error = third.expectError(2000);
        assertTrue(error.message(), error.message().contains("sessions.max = 1"));
        assertEquals(1, server.stats().refusedLimit());
        assertTrue("no answer while every slot is taken", waiting.collect(300, 1000).isEmpty());
        holder.sendTo(first.from(), new ErrorPacket(TftpErrorCode.NOT_DEFINED, "cancelled"));
        assertTrue("served once the slot is free", waiting.expect(2000).packet() instanceof Data);
        assertEquals(1, server.stats().refusedLimit());
    }

    @Test
    public void aRequestWhoseClientNeverAnswersGivesItsSlotBackWithinSeconds() throws Exception {
        // A request under another machine's address: its OACK goes nowhere, and timeout=255 asks the
        // server to wait four minutes for each retransmission.
        ServerFixture server = server(Map.of("sessions.max", "1", "sessions.waiting", "1"));
        ScriptedClient spoofed = client(server);
        spoofed.send(rrq("file.bin", "timeout", "255", "blksize", "1468"));
        ScriptedClient.Received oack = spoofed.expect(2000);
        assertTrue(oack.packet() instanceof OptionAck);
        ScriptedClient real = client(server);
        real.send(rrq("file.bin"));
        // Before, the slot was held for the idle timeout (30 s) and the real client waited as long.
        ScriptedClient.Received served = real.expect((TransferSession.UNANSWERED_SECONDS + 4) * 1000);
        assertTrue(served.packet() instanceof Data);
        assertTrue("nothing more went to the address that never answered",
                spoofed.collect(200, 500).stream().noneMatch(r -> r.packet() instanceof ErrorPacket));
    }

    @Test
    public void withoutAWaitingRoomRequestsBeyondTheServerLimitAreRefusedAtOnce() throws Exception {
        ServerFixture server = server(Map.of("sessions.max", "1", "sessions.waiting", "0", "timeout.ms", "5000"));
        ScriptedClient holder = client(server);
        holder.send(rrq("file.bin"));
        assertTrue(holder.expect(2000).packet() instanceof Data);
        ScriptedClient second = client(server);
        second.send(rrq("file.bin"));
        ErrorPacket error = second.expectError(2000);
        assertTrue(error.message(), error.message().contains("sessions.max = 1"));
        assertEquals(1, server.stats().refusedLimit());
    }

    @Test
    public void repeatedRequestDoesNotOpenASecondSession() throws Exception {
        ServerFixture server = server(Map.of("timeout.ms", "5000"));
        ScriptedClient client = client(server);
        client.send(rrq("file.bin", "blksize", "1024"));
        client.send(rrq("file.bin", "blksize", "1024"));
        List<ScriptedClient.Received> answers = client.collect(400, 2000);
        assertEquals("one OACK: " + answers, 1, answers.size());
        assertEquals(1, server.stats().activeSessions());
        assertEquals(2, server.stats().requests());
    }

    @Test
    public void sameFileAgainFromTheSamePortIsANewTransfer() throws Exception {
        ServerFixture server = server(Map.of());
        ScriptedClient client = client(server);
        byte[] expected = Files.readAllBytes(root.resolve("file.bin"));
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(expected, client.download(rrq("file.bin", "blksize", "1024")).content());
        }
        assertEquals(5, server.statsWhen(s -> s.transfersCompleted() == 5).transfersCompleted());
    }

    @Test
    public void garbageIsDroppedAndCountedAndServiceContinues() throws Exception {
        ServerFixture server = server(Map.of());
        ScriptedClient client = client(server);
        byte[][] garbage = {
            {},
            {0},
            {0, 9, 1, 2},
            {0, 1, 'a', 'b'},
            {0, 1, 'a', 0, 'o', 'c', 't', 'e', 't', 0, 'b', 'l', 'k', 's', 'i', 'z', 'e', 0},
            {0, 4, 0, 1},
            {0, 3, 0, 1, 'x'},
            ServerFixture.content(700, 99),
        };
        for (byte[] datagram : garbage) {
            client.sendRaw(server.address, datagram);
        }
        assertTrue("garbage gets no answer", client.collect(300, 1000).isEmpty());
        TftpStatistics stats = server.stats();
        assertEquals(garbage.length, stats.malformedDropped());
        assertTrue(server.stats().listening());
        assertArrayEquals(Files.readAllBytes(root.resolve("file.bin")), client.download(rrq("file.bin")).content());
    }

    @Test
    public void unsupportedModeIsRefused() throws Exception {
        ServerFixture server = server(Map.of());
        ScriptedClient client = client(server);
        client.send(new ReadRequest("file.bin", TransferMode.MAIL));
        assertEquals(TftpErrorCode.ILLEGAL_OPERATION, client.expectError(2000).code());
        assertEquals(1, server.stats().refusedMode());
    }

    @Test
    public void netasciiTranslatesLineEndsAndLeavesTsizeOut() throws Exception {
        Files.writeString(root.resolve("script.txt"), "one\ntwo\r\n");
        ServerFixture server = server(Map.of());
        ScriptedClient client = client(server);
        client.send(new ReadRequest("script.txt", TransferMode.NETASCII, Map.of("tsize", "0", "blksize", "600")));
        ScriptedClient.Received oack = client.expect(2000);
        assertEquals("size unknown before translation", Map.of("blksize", "600"),
                ((OptionAck) oack.packet()).options());
        client.sendTo(oack.from(), new Ack(0));
        Data data = (Data) client.expect(2000).packet();
        assertEquals("one\r\ntwo\r\0\r\n", new String(data.payloadBytes(), StandardCharsets.ISO_8859_1));
        client.sendTo(oack.from(), new Ack(1));
    }

    @Test
    public void portInUseLeavesServerInactiveWithExplanation() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int port = taken.getLocalPort();
            TftpSettings settings = TftpSettings.from(Map.of("address", "127.0.0.1"))
                    .withEndpoint(InetAddress.getLoopbackAddress(), port);
            TftpServerCore core = new TftpServerCore(settings, List::of);
            core.start();
            try {
                TftpStatistics stats = core.statistics();
                assertFalse(stats.listening());
                assertTrue(stats.enabled());
                assertTrue(stats.bindError(), stats.bindError().contains("UDP 127.0.0.1:" + port));
                assertTrue(stats.bindError(), stats.bindError().contains("Another process holds the port"));
                assertTrue(stats.bindError(), stats.bindError().contains("etc/org.karafpxe.tftp.cfg"));
                assertTrue(core.localAddress().isEmpty());
            } finally {
                core.stop();
            }
        }
        assertNoServerThreads();
    }

    @Test
    public void disabledServerDoesNotListen() {
        TftpServerCore core = new TftpServerCore(TftpSettings.from(Map.of("enabled", "false")), List::of);
        core.start();
        TftpStatistics stats = core.statistics();
        assertFalse(stats.enabled());
        assertFalse(stats.listening());
        assertEquals("", stats.bindError());
        core.stop();
    }

    @Test
    public void stopEndsTransfersAndLeavesNoThreads() throws Exception {
        ServerFixture server = ServerFixture.start(root, Map.of("timeout.ms", "5000"));
        try (ScriptedClient client = new ScriptedClient(server.address)) {
            assertArrayEquals(Files.readAllBytes(root.resolve("file.bin")), client.download(rrq("file.bin")).content());
            client.send(rrq("file.bin"));
            ScriptedClient.Received first = client.expect(2000);
            assertTrue(first.packet() instanceof Data);
            server.close();
            ErrorPacket bye = client.expectError(2000);
            assertEquals("Server shutting down", bye.message());
        }
        assertFalse(server.stats().listening());
        assertEquals(0, server.stats().activeSessions());
        assertNoServerThreads();
    }

    static void assertNoServerThreads() throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        List<String> alive = serverThreads();
        while (!alive.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(20);
            alive = serverThreads();
        }
        assertEquals("threads left behind", List.of(), alive);
    }

    private static List<String> serverThreads() {
        List<String> names = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && thread.getName().startsWith("karafpxe-tftp")) {
                names.add(thread.getName());
            }
        }
        return names;
    }
}
