package org.karafpxe.tftp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.karafpxe.tftp.TftpErrorCode;

public class TftpPathResolverTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private Path root;
    private Path outside;

    @Before
    public void createTree() throws IOException {
        root = temp.newFolder("tftproot").toPath();
        outside = temp.newFolder("outside").toPath();
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createDirectories(root.resolve("boot/x86"));
        Files.createDirectories(root.resolve("Boot/EFI"));
        Files.writeString(root.resolve("pxelinux.0"), "pxe");
        Files.writeString(root.resolve("boot/x86/wdsnbp.com"), "wds");
        Files.writeString(root.resolve("Boot/EFI/BOOTX64.EFI"), "efi");
    }

    private TftpPathResolver exact() {
        return new TftpPathResolver(root, CaseMatching.EXACT);
    }

    private TftpPathResolver insensitive() {
        return new TftpPathResolver(root, CaseMatching.INSENSITIVE);
    }

    private Path resolved(TftpPathResolver resolver, String name) throws IOException {
        PathResolution r = resolver.resolve(name);
        assertTrue(name + " -> " + r, r instanceof PathResolution.Resolved);
        return ((PathResolution.Resolved) r).path();
    }

    private void assertRefused(TftpPathResolver resolver, String name, TftpErrorCode code) {
        PathResolution r = resolver.resolve(name);
        assertTrue(name + " -> " + r, r instanceof PathResolution.Refused);
        assertEquals(name, code, ((PathResolution.Refused) r).code());
    }

    private Path real(String relative) throws IOException {
        return root.resolve(relative).toRealPath();
    }

    @Test
    public void resolvesPlainAndRootedNames() throws IOException {
        assertEquals(real("pxelinux.0"), resolved(exact(), "pxelinux.0"));
        assertEquals(real("pxelinux.0"), resolved(exact(), "/pxelinux.0"));
        assertEquals(real("pxelinux.0"), resolved(exact(), "//./pxelinux.0"));
    }

    @Test
    public void acceptsBackslashSeparators() throws IOException {
        assertEquals(real("boot/x86/wdsnbp.com"), resolved(exact(), "\\boot\\x86\\wdsnbp.com"));
        assertEquals(real("boot/x86/wdsnbp.com"), resolved(exact(), "boot/x86\\wdsnbp.com"));
    }

    @Test
    public void caseInsensitiveLookupWalksEachComponent() throws IOException {
        assertRefused(exact(), "\\BOOT\\X86\\WDSNBP.COM", TftpErrorCode.FILE_NOT_FOUND);
        assertEquals(real("boot/x86/wdsnbp.com"), resolved(insensitive(), "\\BOOT\\X86\\WDSNBP.COM"));
        assertEquals(real("Boot/EFI/BOOTX64.EFI"), resolved(insensitive(), "/boot/efi/bootx64.efi"));
        assertEquals(real("PXELINUX.0".toLowerCase()), resolved(insensitive(), "PXELinux.0"));
        assertRefused(insensitive(), "boot/x86/missing.com", TftpErrorCode.FILE_NOT_FOUND);
    }

    @Test
    public void caseInsensitiveLookupTriesEveryCaseVariant() throws IOException {
        // "Boot" and "boot" both exist; each request is found under whichever variant holds the file.
        assertEquals(real("boot/x86/wdsnbp.com"), resolved(insensitive(), "BOOT/X86/WDSNBP.COM"));
        assertEquals(real("Boot/EFI/BOOTX64.EFI"), resolved(insensitive(), "BOOT/efi/bootx64.efi"));
        assertEquals(real("Boot/EFI/BOOTX64.EFI"), resolved(insensitive(), "boot/EFI/BOOTX64.EFI"));
    }

    @Test
    public void caseInsensitiveLookupPrefersTheExactSpelling() throws IOException {
        Files.writeString(root.resolve("Menu.cfg"), "upper");
        Files.writeString(root.resolve("menu.cfg"), "lower");
        assertEquals(real("menu.cfg"), resolved(insensitive(), "menu.cfg"));
        assertEquals(real("Menu.cfg"), resolved(insensitive(), "Menu.cfg"));
        assertEquals("lexically first variant when none matches exactly",
                real("Menu.cfg"), resolved(insensitive(), "MENU.CFG"));
    }

    @Test
    public void refusesParentReferences() {
        assertRefused(exact(), "../outside/secret.txt", TftpErrorCode.ACCESS_VIOLATION);
        assertRefused(exact(), "boot/../../outside/secret.txt", TftpErrorCode.ACCESS_VIOLATION);
        assertRefused(exact(), "..\\outside\\secret.txt", TftpErrorCode.ACCESS_VIOLATION);
        assertRefused(insensitive(), "/boot/..", TftpErrorCode.ACCESS_VIOLATION);
    }

    @Test
    public void refusesWindowsAbsolutePathsAndDriveLetters() {
        assertRefused(exact(), "C:\\Windows\\win.ini", TftpErrorCode.ACCESS_VIOLATION);
        assertRefused(exact(), "c:pxelinux.0", TftpErrorCode.ACCESS_VIOLATION);
        assertRefused(exact(), "\\C:\\pxelinux.0", TftpErrorCode.ACCESS_VIOLATION);
        assertRefused(exact(), "\\\\server\\share\\pxelinux.0", TftpErrorCode.ACCESS_VIOLATION);
    }

    @Test
    public void refusesNulAndControlCharacters() {
        assertRefused(exact(), "pxelinux.0\0.txt", TftpErrorCode.ACCESS_VIOLATION);
        assertRefused(exact(), "pxe\nlinux.0", TftpErrorCode.ACCESS_VIOLATION);
        assertRefused(exact(), "pxelinux.0\u007f", TftpErrorCode.ACCESS_VIOLATION);
        assertRefused(exact(), "\tpxelinux.0", TftpErrorCode.ACCESS_VIOLATION);
    }

    @Test
    public void refusesEmptyNames() {
        assertRefused(exact(), "", TftpErrorCode.FILE_NOT_FOUND);
        assertRefused(exact(), "/", TftpErrorCode.FILE_NOT_FOUND);
        assertRefused(exact(), "\\.\\", TftpErrorCode.FILE_NOT_FOUND);
        assertRefused(exact(), null, TftpErrorCode.FILE_NOT_FOUND);
    }

    @Test
    public void refusesOverlongNames() throws IOException {
        String name = "a".repeat(40);
        Files.writeString(root.resolve(name), "x");
        assertEquals(real(name), resolved(new TftpPathResolver(root, CaseMatching.EXACT, 40), name));
        assertRefused(new TftpPathResolver(root, CaseMatching.EXACT, 39), name, TftpErrorCode.ACCESS_VIOLATION);
        assertRefused(exact(), "b".repeat(TftpPathResolver.DEFAULT_MAX_NAME_LENGTH + 1), TftpErrorCode.ACCESS_VIOLATION);
    }

    @Test
    public void missingFilesAndDirectoriesAreNotFound() {
        assertRefused(exact(), "nothing.bin", TftpErrorCode.FILE_NOT_FOUND);
        assertRefused(exact(), "boot/x86", TftpErrorCode.FILE_NOT_FOUND);
        assertRefused(exact(), "pxelinux.0/child", TftpErrorCode.FILE_NOT_FOUND);
        assertRefused(insensitive(), "pxelinux.0/child", TftpErrorCode.FILE_NOT_FOUND);
    }

    @Test
    public void refusesSymlinksLeavingTheRoot() throws IOException {
        Files.createSymbolicLink(root.resolve("escape.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("escapedir"), outside);
        assertRefused(exact(), "escape.txt", TftpErrorCode.ACCESS_VIOLATION);
        assertRefused(exact(), "escapedir/secret.txt", TftpErrorCode.ACCESS_VIOLATION);
        assertRefused(insensitive(), "ESCAPEDIR/SECRET.TXT", TftpErrorCode.ACCESS_VIOLATION);
    }

    @Test
    public void allowsSymlinksStayingInsideTheRoot() throws IOException {
        Files.createSymbolicLink(root.resolve("bootx64.efi"), root.resolve("Boot/EFI/BOOTX64.EFI"));
        Files.createSymbolicLink(root.resolve("wds"), Path.of("boot/x86"));
        assertEquals(real("Boot/EFI/BOOTX64.EFI"), resolved(exact(), "bootx64.efi"));
        assertEquals(real("boot/x86/wdsnbp.com"), resolved(exact(), "wds/wdsnbp.com"));
        assertEquals(real("boot/x86/wdsnbp.com"), resolved(insensitive(), "WDS\\WDSNBP.COM"));
    }

    @Test
    public void rootThatIsItselfASymlinkStillWorks() throws IOException {
        Path link = temp.getRoot().toPath().resolve("rootlink");
        Files.createSymbolicLink(link, root);
        assertEquals(real("pxelinux.0"), resolved(new TftpPathResolver(link, CaseMatching.EXACT), "pxelinux.0"));
    }

    @Test
    public void siblingDirectorySharingThePrefixIsOutside() throws IOException {
        Path sibling = temp.newFolder("tftproot2").toPath();
        Files.writeString(sibling.resolve("f"), "x");
        Files.createSymbolicLink(root.resolve("f"), sibling.resolve("f"));
        assertRefused(exact(), "f", TftpErrorCode.ACCESS_VIOLATION);
    }

    @Test
    public void nonAsciiNamesAreLookedUp() throws IOException {
        Files.writeString(root.resolve("caf\u00e9.cfg"), "x");
        assertEquals(real("caf\u00e9.cfg"), resolved(exact(), "caf\u00e9.cfg"));
        assertEquals(real("caf\u00e9.cfg"), resolved(insensitive(), "CAF\u00c9.CFG"));
    }
}
