package org.karafpxe.http.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.karafpxe.api.BootFileName;

/** The names asked of the boot file sources: the TFTP server's rules, with the URL's leading slash. */
public class BootPathTest {

    private static String path(String requested) {
        BootFileName name = BootPath.check(requested);
        assertTrue(requested + " -> " + name, name instanceof BootFileName.Valid);
        return ((BootFileName.Valid) name).path();
    }

    private static int refusal(String requested) {
        BootFileName name = BootPath.check(requested);
        assertTrue(requested + " -> " + name, name instanceof BootFileName.Refused);
        return BootPath.status((BootFileName.Refused) name);
    }

    @Test
    public void separatorsAreNormalised() {
        assertEquals("boot/x86/wdsnbp.com", path("/\\boot\\x86\\wdsnbp.com"));
        assertEquals("boot/x86/wdsnbp.com", path("/boot//x86/./wdsnbp.com"));
        assertEquals("undionly.kpxe", path("/undionly.kpxe"));
        assertEquals("the spelling is kept", "Boot/BCD", path("/Boot\\BCD"));
        assertEquals("..hidden/a..b", path("/..hidden/a..b"));
        assertEquals("ipxe/device-17.ipxe", path("/ipxe/device-17.ipxe"));
    }

    @Test
    public void escapesAreRefusedWith403() {
        for (String name : new String[] {"/../x", "/a/../../x", "/..\\x", "/a/..", "/C:\\x", "/c:x", "/a/C:/x",
                "/\\\\host\\share", "/a\u0000b", "/a\tb", "/a\u007fb", "/a\nb", "/" + "y".repeat(256)}) {
            assertEquals(name, 403, refusal(name));
        }
    }

    @Test
    public void emptyNamesAreNotFound() {
        for (String name : new String[] {null, "", "/", "//", "/./", "/\\"}) {
            assertEquals(String.valueOf(name), 404, refusal(name));
        }
    }

    @Test
    public void theLengthLimitIsTftps() {
        assertEquals("y".repeat(255), path("/" + "y".repeat(255)));
        assertEquals(403, refusal("/" + "y".repeat(256)));
    }
}
