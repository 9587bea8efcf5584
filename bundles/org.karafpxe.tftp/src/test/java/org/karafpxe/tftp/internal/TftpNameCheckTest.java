package org.karafpxe.tftp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.karafpxe.api.BootFileName;
import org.karafpxe.tftp.TftpErrorCode;

/** The name every boot file source is asked for, worked out before any of them is asked. */
public class TftpNameCheckTest {

    private static String path(String requested) {
        BootFileName name = TftpPathResolver.check(requested, 255);
        assertTrue(requested + " -> " + name, name instanceof BootFileName.Valid);
        return ((BootFileName.Valid) name).path();
    }

    private static TftpErrorCode refusal(String requested) {
        BootFileName name = TftpPathResolver.check(requested, 255);
        assertTrue(requested + " -> " + name, name instanceof BootFileName.Refused);
        return TftpPathResolver.code((BootFileName.Refused) name);
    }

    @Test
    public void separatorsAreNormalised() {
        assertEquals("boot/x86/wdsnbp.com", path("\\boot\\x86\\wdsnbp.com"));
        assertEquals("boot/x86/wdsnbp.com", path("/boot//x86/./wdsnbp.com"));
        assertEquals("pxelinux.0", path("pxelinux.0"));
        assertEquals("the spelling is kept", "Boot/BCD", path("Boot\\BCD"));
        assertEquals("..hidden/a..b", path("..hidden/a..b"));
    }

    @Test
    public void escapesAreRefusedAsAccessViolations() {
        for (String name : new String[] {"../x", "a/../../x", "..\\x", "C:\\x", "c:x", "\\\\host\\share", "a\u0000b",
                "a\tb", "a\u007fb", "y".repeat(256)}) {
            assertEquals(name, TftpErrorCode.ACCESS_VIOLATION, refusal(name));
        }
    }

    @Test
    public void emptyNamesAreNotFound() {
        for (String name : new String[] {"", "/", "\\", "./.", "//"}) {
            assertEquals(name, TftpErrorCode.FILE_NOT_FOUND, refusal(name));
        }
    }
}
