package org.karafpxe.tftp.internal;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import org.karafpxe.api.BootFile;
import org.karafpxe.api.BootFileSource;
import org.karafpxe.support.CheckedConfig;
import org.karafpxe.support.RankedBootFileSources;
import org.karafpxe.tftp.OptionAck;
import org.karafpxe.tftp.ReadRequest;
import org.karafpxe.tftp.TftpStatistics;
import org.karafpxe.tftp.TransferMode;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

/**
 * The DS components driven by hand as Felix SCR would: activation, whiteboard sources with text rankings,
 * and which configuration changes re-bind the socket.
 */
public class TftpServerComponentTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Rule
    public Timeout timeout = Timeout.seconds(60);

    private final TftpServer server = new TftpServer();
    private final DirectorySourceComponent directory = new DirectorySourceComponent();
    private Path root;
    private Map<String, Object> config;

    @Before
    public void configure() throws IOException {
        root = temp.newFolder("tftpboot").toPath();
        Files.write(root.resolve("menu.ipxe"), "#!ipxe from disk".getBytes());
        Files.write(root.resolve("file.bin"), ServerFixture.content(20_000, 9));
        config = new HashMap<>();
        config.put("address", "127.0.0.1");
        config.put("port", Integer.toString(freePort()));
        config.put("root", root.toString());
    }

    @After
    public void deactivate() {
        server.deactivate();
    }

    private static int freePort() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return probe.getLocalPort();
        }
    }

    private InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt((String) config.get("port")));
    }

    private static Map<String, Object> service(long id, Object ranking) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.id", id);
        if (ranking != null) {
            properties.put("service.ranking", ranking);
        }
        return properties;
    }

    private byte[] fetch(String name) throws IOException {
        try (ScriptedClient client = new ScriptedClient(address())) {
            return client.download(new ReadRequest(name, TransferMode.OCTET)).content();
        }
    }

    @Test
    public void onlyTheServersOwnFolderIsOpenedAsLocalFiles() throws IOException {
        directory.activate(typed(config), config);
        InetSocketAddress client = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
        BootFileSource generated = (path, from) -> Optional.of(BootFile.of(new byte[10]));
        for (BootFileSource source : List.of(directory, new DirectoryFileSource(root, CaseMatching.EXACT), generated)) {
            OpenResult.Opened opened = (OpenResult.Opened) SourceOpener.open(List.of(source), "file.bin", client);
            assertEquals(source.toString(), source != generated, opened.localFile());
            opened.file().close();
        }
    }

    @Test
    public void servesTheDirectoryAndRankedSources() throws Exception {
        directory.activate(typed(config), config);
        server.activate(typed(config), config);
        server.addSource(directory, service(10, 0));
        assertTrue(server.statistics().listening());
        assertArrayEquals("#!ipxe from disk".getBytes(), fetch("menu.ipxe"));

        BootFileSource scripts = (path, client) -> path.equals("menu.ipxe")
                ? Optional.of(BootFile.of("#!ipxe generated".getBytes())) : Optional.empty();
        server.addSource(scripts, service(11, "100"));
        assertArrayEquals("a ranking written as text still counts", "#!ipxe generated".getBytes(),
                fetch("menu.ipxe"));
        server.updatedSource(scripts, service(11, "-1"));
        assertArrayEquals("#!ipxe from disk".getBytes(), fetch("menu.ipxe"));
        server.updatedSource(scripts, service(11, "high"));
        server.updatedSource(directory, service(10, 0));
        assertArrayEquals("a bad ranking counts as 0; the older service goes first", "#!ipxe from disk".getBytes(),
                fetch("menu.ipxe"));
        server.removeSource(directory, service(10, 0));
        assertArrayEquals("#!ipxe generated".getBytes(), fetch("menu.ipxe"));
    }

    @Test
    public void onlyAddressPortOrEnabledChangesRebind() throws Exception {
        directory.activate(typed(config), config);
        server.activate(typed(config), config);
        server.addSource(directory, service(10, 0));
        fetch("file.bin");
        TftpServerCore first = server.core();

        config.put("blksize.max", "1024");
        server.modified(typed(config), config);
        assertSame("same socket", first, server.core());
        try (ScriptedClient client = new ScriptedClient(address())) {
            client.send(new ReadRequest("file.bin", TransferMode.OCTET, Map.of("blksize", "8192")));
            assertEquals(new OptionAck(Map.of("blksize", "1024")), client.expect(2000).packet());
        }

        int oldPort = Integer.parseInt((String) config.get("port"));
        config.put("port", Integer.toString(freePort()));
        server.modified(typed(config), config);
        assertNotSame(first, server.core());
        assertFalse(first.statistics().listening());
        InetSocketAddress old = new InetSocketAddress(InetAddress.getLoopbackAddress(), oldPort);
        try (DatagramSocket reuse = new DatagramSocket(old)) {
            assertEquals("the old port is free again", oldPort, reuse.getLocalPort());
        }
        fetch("file.bin");
        TftpStatistics stats = server.statistics();
        assertEquals("counters survive the restart", 3, stats.requests());
        assertEquals(Integer.parseInt((String) config.get("port")), stats.address().getPort());

        config.put("enabled", "false");
        server.modified(typed(config), config);
        assertFalse(server.statistics().listening());
        assertFalse(server.statistics().enabled());
        assertEquals("", server.statistics().bindError());
    }

    @Test
    public void badConfigurationNeverPreventsActivation() throws Exception {
        config.put("retries", "lots");
        config.put("case", "mixed");
        directory.activate(typed(config), config);
        server.activate(typed(config), config);
        server.addSource(directory, service(10, 0));
        assertTrue(server.statistics().listening());
        assertEquals(20_000, fetch("file.bin").length);
    }

    @Test
    public void anEndedTransferIsKeptWithItsFiguresAndOutcome() throws Exception {
        directory.activate(typed(config), config);
        server.activate(typed(config), config);
        server.addSource(directory, service(10, 0));
        assertEquals(List.of(), server.recentTransfers(10));
        assertEquals(20_000, fetch("file.bin").length);
        // The server ends the transfer on the client's last acknowledgement, just after the client has the file.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (server.recentTransfers(10).isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        org.karafpxe.tftp.TftpTransfer ended = server.recentTransfers(10).get(0);
        assertEquals("complete", ended.outcome());
        assertEquals("file.bin", ended.transfer().file());
        assertEquals(20_000, ended.transfer().bytesSent());
    }

    @Test
    public void portInUseAtActivationIsReportedNotThrown() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(address())) {
            server.activate(typed(config), config);
            TftpStatistics stats = server.statistics();
            assertEquals(taken.getLocalPort(), stats.address().getPort());
            assertFalse(stats.listening());
            assertTrue(stats.bindError(), stats.bindError().startsWith("TFTP cannot listen on UDP 127.0.0.1:"));
            assertEquals(List.of(), server.sessions());
        }
        server.modified(typed(config), config);
        assertTrue("saving the configuration retries a failed bind", server.statistics().listening());
        assertEquals("", server.statistics().bindError());
    }

    @Test
    public void deactivationLeavesNoThreads() throws Exception {
        server.activate(typed(config), config);
        server.deactivate();
        TftpServerProtocolTest.assertNoServerThreads();
    }

    @Test
    public void directoryComponentWithMissingRootFindsNothing() throws Exception {
        config.put("root", root.resolve("absent").toString());
        directory.activate(typed(config), config);
        assertEquals(Optional.empty(), directory.open("file.bin", address()));
        config.put("root", root.toString());
        directory.modified(typed(config), config);
        assertTrue(directory.open("file.bin", address()).isPresent());
    }

    /** The configuration as Declarative Services types it. */
    private static TftpConfig typed(Map<String, Object> properties) {
        return CheckedConfig.typed(TftpConfig.class, properties);
    }
}
