package org.karafpxe.tftp.internal;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.karafpxe.api.BootFileSource;
import org.karafpxe.tftp.TftpStatistics;

/** A started {@link TftpServerCore} on 127.0.0.1 and a free port, serving a directory. */
final class ServerFixture implements AutoCloseable {

    final Path root;
    final TftpServerCore core;
    final InetSocketAddress address;

    private ServerFixture(Path root, TftpServerCore core) {
        this.root = root;
        this.core = core;
        this.address = core.localAddress().orElseThrow(() -> new AssertionError("server not listening: "
                + core.statistics().bindError()));
    }

    static ServerFixture start(Path root, Map<String, String> config) {
        return start(root, config, List.of());
    }

    /** {@code first} sources are asked before the directory. */
    static ServerFixture start(Path root, Map<String, String> config, List<BootFileSource> first) {
        Map<String, String> all = new HashMap<>(config);
        all.putIfAbsent("address", "127.0.0.1");
        TftpSettings settings = TftpSettings.from(all).withEndpoint(InetAddress.getLoopbackAddress(), 0);
        assertTrue("bad test configuration: " + settings.problems(), settings.problems().isEmpty());
        DirectorySettings directory = DirectorySettings.from(Map.of("root", root.toString(),
                "case", all.getOrDefault("case", "exact")), null);
        List<BootFileSource> sources = new ArrayList<>(first);
        sources.add(new DirectoryFileSource(directory.root(), directory.caseMatching()));
        List<BootFileSource> snapshot = List.copyOf(sources);
        TftpServerCore core = new TftpServerCore(settings, () -> snapshot);
        core.start();
        return new ServerFixture(root, core);
    }

    TftpStatistics stats() {
        return core.statistics();
    }

    /** Waits, boundedly, for the counters to settle: sessions end on the event loop after the last packet. */
    TftpStatistics statsWhen(java.util.function.Predicate<TftpStatistics> condition) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        TftpStatistics stats = stats();
        while (!condition.test(stats) && System.nanoTime() < end) {
            Thread.sleep(10);
            stats = stats();
        }
        return stats;
    }

    @Override
    public void close() {
        core.stop();
    }

    /** Deterministic content: the same size always gives the same bytes, without holding a seed table. */
    static byte[] content(int size, long seed) {
        byte[] bytes = new byte[size];
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < size; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            bytes[i] = (byte) x;
        }
        return bytes;
    }

    /** Writes {@code size} deterministic bytes in pieces, so large files never sit in memory; returns SHA-256. */
    static String writeLarge(Path file, long size, long seed) throws IOException {
        MessageDigest digest = sha256();
        byte[] piece = new byte[1 << 20];
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        try (OutputStream out = Files.newOutputStream(file)) {
            long left = size;
            while (left > 0) {
                int n = (int) Math.min(piece.length, left);
                for (int i = 0; i < n; i++) {
                    x ^= x << 13;
                    x ^= x >>> 7;
                    x ^= x << 17;
                    piece[i] = (byte) x;
                }
                out.write(piece, 0, n);
                digest.update(piece, 0, n);
                left -= n;
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 20];
        try (var in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
