package org.karafpxe.provider.ipxe.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.karafpxe.api.BootFile;

public class IpxeFirmwareTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.15", 2070);

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path dir;
    private Path outside;
    private IpxeFirmware firmware;

    @Before
    public void start() throws Exception {
        dir = tmp.newFolder("ipxe").toPath();
        outside = tmp.newFolder("boot").toPath();
        firmware = new IpxeFirmware();
        firmware.configure(Map.of("firmware.dir", dir.toString()));
    }

    private static byte[] read(BootFile f) throws Exception {
        ByteBuffer b = ByteBuffer.allocate((int) f.size());
        long position = 0;
        int n;
        while (b.hasRemaining() && (n = f.read(b, position)) > 0) {
            position += n;
        }
        assertEquals("nothing past the end", -1, f.read(ByteBuffer.allocate(16), f.size()));
        return b.array();
    }

    @Test
    public void servesAListedFileReadOnly() throws Exception {
        byte[] content = "undionly".getBytes(StandardCharsets.US_ASCII);
        Files.write(dir.resolve("undionly.kpxe"), content);
        Optional<BootFile> file = firmware.open("undionly.kpxe", CLIENT);
        assertTrue(file.isPresent());
        try (BootFile f = file.get()) {
            assertEquals(content.length, f.size());
            assertArrayEquals(content, read(f));
        }
    }

    @Test
    public void readsStopAtTheSizeAtOpen() throws Exception {
        Files.write(dir.resolve("snponly.efi"), new byte[1000]);
        try (BootFile f = firmware.open("snponly.efi", CLIENT).orElseThrow()) {
            Files.write(dir.resolve("snponly.efi"), new byte[3000]);
            ByteBuffer b = ByteBuffer.allocate(512);
            assertEquals(512, f.read(b, 0));
            b.clear();
            assertEquals(488, f.read(b, 512));
            assertEquals(-1, f.read(b, 1000));
        }
    }

    @Test
    public void missingFilesAndOtherNamesAreNotServed() throws Exception {
        assertEquals(Optional.empty(), firmware.open("undionly.kpxe", CLIENT));
        Files.write(dir.resolve("pxelinux.0"), new byte[10]);
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("sub").resolve("undionly.kpxe"), new byte[10]);
        Files.write(outside.resolve("undionly.kpxe"), new byte[10]);
        for (String name : List.of("pxelinux.0", "sub/undionly.kpxe", "../boot/undionly.kpxe", "./undionly.kpxe",
                "UNDIONLY.KPXE", "", "ipxe/undionly.kpxe")) {
            assertEquals(name, Optional.empty(), firmware.open(name, CLIENT));
        }
    }

    @Test
    public void listedNamesThatAreDirectoriesAreNotServed() throws Exception {
        Files.createDirectories(dir.resolve("ipxe.pxe"));
        assertEquals(Optional.empty(), firmware.open("ipxe.pxe", CLIENT));
    }

    @Test
    public void linksAreFollowedToRegularFilesForListedNamesOnly() throws Exception {
        // Debian: /usr/lib/ipxe/ipxe.efi -> /boot/ipxe.efi
        byte[] content = "ipxe.efi".getBytes(StandardCharsets.US_ASCII);
        Files.write(outside.resolve("ipxe.efi"), content);
        Files.createSymbolicLink(dir.resolve("ipxe.efi"), outside.resolve("ipxe.efi"));
        try (BootFile f = firmware.open("ipxe.efi", CLIENT).orElseThrow()) {
            assertArrayEquals(content, read(f));
        }
        Files.write(outside.resolve("secret"), new byte[] {1, 2, 3});
        Files.createSymbolicLink(dir.resolve("secret.efi"), outside.resolve("secret"));
        assertEquals(Optional.empty(), firmware.open("secret.efi", CLIENT));
        Files.createSymbolicLink(dir.resolve("snponly.efi"), outside);
        assertEquals("a link to a directory", Optional.empty(), firmware.open("snponly.efi", CLIENT));
        Files.createSymbolicLink(dir.resolve("undionly.kpxe"), outside.resolve("gone"));
        assertEquals("a dangling link", Optional.empty(), firmware.open("undionly.kpxe", CLIENT));
    }

    @Test
    public void theListOfNamesIsConfigurable() throws Exception {
        Files.write(dir.resolve("undionly.kpxe"), new byte[10]);
        Files.write(dir.resolve("custom.efi"), new byte[10]);
        firmware.configure(Map.of("firmware.dir", dir.toString(), "firmware.files", " custom.efi ,, "));
        assertTrue(firmware.open("custom.efi", CLIENT).isPresent());
        assertEquals(Optional.empty(), firmware.open("undionly.kpxe", CLIENT));
    }

    @Test
    public void badSettingsAreReportedAndDefaultsUsed() {
        FirmwareSettings defaults = FirmwareSettings.from(Map.of());
        assertEquals(Path.of("/usr/lib/ipxe"), defaults.dir());
        assertEquals(List.of("undionly.kpxe", "undionly.kkpxe", "ipxe.pxe", "snponly.efi", "ipxe.efi"), defaults.files());
        assertTrue(defaults.problems().isEmpty());

        FirmwareSettings bad = FirmwareSettings.from(Map.of("firmware.dir", "lib/ipxe",
                "firmware.files", "undionly.kpxe, ../../etc/shadow"));
        assertEquals(defaults.dir(), bad.dir());
        assertEquals(defaults.files(), bad.files());
        assertEquals(List.of("firmware.dir = 'lib/ipxe' is not an absolute path such as /usr/lib/ipxe; using "
                + "/usr/lib/ipxe", "firmware.files: '../../etc/shadow' is not a file name (no folders, no '..', no "
                + "control characters): list names in firmware.dir separated by commas, such as undionly.kpxe, "
                + "undionly.kkpxe, ipxe.pxe, snponly.efi, ipxe.efi; using undionly.kpxe, undionly.kkpxe, ipxe.pxe, "
                + "snponly.efi, ipxe.efi"), bad.problems());
        for (String name : List.of("..", ".", "a\\b", "a/b", "tab\there")) {
            assertEquals(name, 1, FirmwareSettings.from(Map.of("firmware.files", name)).problems().size());
        }
        assertEquals(1, FirmwareSettings.from(Map.of("firmware.files", " , ")).problems().size());
        assertEquals(1, FirmwareSettings.from(Map.of("firmware.dir", "${karaf.base}/ipxe")).problems().size());
    }
}
