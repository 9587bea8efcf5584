package org.karafpxe.tftp.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.karafpxe.api.BootFile;

/** The boot file directory as a source: what it opens, and what it refuses. */
public class DirectoryFileSourceTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 2000);

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private Path root;
    private Path outside;

    @Before
    public void tree() throws IOException {
        root = temp.newFolder("root").toPath();
        outside = temp.newFolder("outside").toPath();
        Files.createDirectories(root.resolve("Boot/x64"));
        Files.write(root.resolve("Boot/x64/wdsmgfw.efi"), ServerFixture.content(5000, 1));
        Files.writeString(outside.resolve("secret"), "secret");
        Files.createSymbolicLink(root.resolve("link-out"), outside.resolve("secret"));
        Files.createSymbolicLink(root.resolve("link-in"), root.resolve("Boot/x64/wdsmgfw.efi"));
    }

    private static byte[] readAll(BootFile file) throws IOException {
        ByteBuffer all = ByteBuffer.allocate((int) file.size());
        while (all.hasRemaining() && file.read(all, all.position()) > 0) {
            // positional reads until full
        }
        return all.array();
    }

    @Test
    public void opensFilesUnderTheRootByPosition() throws IOException {
        DirectoryFileSource source = new DirectoryFileSource(root, CaseMatching.EXACT);
        try (BootFile file = source.open("Boot/x64/wdsmgfw.efi", CLIENT).orElseThrow()) {
            assertEquals(5000, file.size());
            assertArrayEquals(Files.readAllBytes(root.resolve("Boot/x64/wdsmgfw.efi")), readAll(file));
            ByteBuffer tail = ByteBuffer.allocate(100);
            assertEquals(50, file.read(tail, 4950));
            assertEquals(-1, file.read(tail, 5000));
        }
        try (BootFile file = source.open("link-in", CLIENT).orElseThrow()) {
            assertEquals("a link inside the root is fine", 5000, file.size());
        }
    }

    @Test
    public void sizeIsFixedAtOpen() throws IOException {
        DirectoryFileSource source = new DirectoryFileSource(root, CaseMatching.EXACT);
        Path growing = root.resolve("growing");
        Files.write(growing, new byte[100]);
        try (BootFile file = source.open("growing", CLIENT).orElseThrow()) {
            Files.write(growing, new byte[300]);
            assertEquals(100, file.size());
            assertEquals(-1, file.read(ByteBuffer.allocate(50), 100));
        }
    }

    @Test
    public void missingFilesAreEmpty() throws IOException {
        DirectoryFileSource source = new DirectoryFileSource(root, CaseMatching.EXACT);
        assertEquals(Optional.empty(), source.open("boot/x64/wdsmgfw.efi", CLIENT));
        assertEquals(Optional.empty(), source.open("Boot", CLIENT));
        assertEquals(Optional.empty(), source.open("nothing", CLIENT));
        DirectoryFileSource absent = new DirectoryFileSource(root.resolve("not-there"), CaseMatching.EXACT);
        assertEquals(Optional.empty(), absent.open("Boot/x64/wdsmgfw.efi", CLIENT));
    }

    @Test
    public void caseInsensitiveFindsOtherSpellings() throws IOException {
        DirectoryFileSource source = new DirectoryFileSource(root, CaseMatching.INSENSITIVE);
        assertTrue(source.open("boot/X64/WDSMGFW.EFI", CLIENT).isPresent());
    }

    @Test
    public void namesLeavingTheRootAreRefused() throws IOException {
        DirectoryFileSource source = new DirectoryFileSource(root, CaseMatching.EXACT);
        for (String name : new String[] {"link-out", "../outside/secret", "C:/secret", "a\u0000b"}) {
            try {
                source.open(name, CLIENT);
                fail(name + " must be refused");
            } catch (SecurityException expected) {
                // expected
            }
        }
    }
}
