package org.karafpxe.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.UUID;
import org.junit.Test;

public class ArgumentsTest {

    private static final UUID GUID = UUID.fromString("4c4c4544-0042-3510-8052-b4c04f564433");

    @Test
    public void guidInTheFormsOperatorsPaste() {
        assertEquals(GUID, Arguments.guid("4c4c4544-0042-3510-8052-b4c04f564433"));
        assertEquals(GUID, Arguments.guid("{4C4C4544-0042-3510-8052-B4C04F564433}"));
        assertEquals(GUID, Arguments.guid(" 4c4c4544004235108052b4c04f564433 "));
        assertEquals(GUID, Arguments.guid("{4c4c4544004235108052b4c04f564433}"));
    }

    @Test
    public void architectureByNameOrByOption93Number() {
        assertEquals(7, Arguments.architectureCode("x64-uefi"));
        assertEquals(7, Arguments.architectureCode("7"));
        assertEquals("as a capture of x64 firmware may show it", 9, Arguments.architectureCode(" 9 "));
        assertEquals(0, Arguments.architectureCode("x86-bios"));
        assertEquals("a value the registry does not list", 4242, Arguments.architectureCode("4242"));
        for (String bad : new String[] {"65536", "0123456", "x65-uefi"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Arguments.architectureCode(bad));
            assertTrue(e.getMessage(), e.getMessage().contains("x64-uefi"));
        }
    }

    @Test
    public void notAGuidSaysWhatIsAllowed() {
        for (String bad : new String[] {"nope", "{}", "{4c4c4544-0042-3510-8052-b4c04f564433",
                "4c4c4544-0042-3510-8052",
                "4c4c4544-0042-3510-8052-b4c04f56443g", "4c4c4544004235108052b4c04f5644", "1-2-3-4-5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Arguments.guid(bad));
            assertTrue(e.getMessage(), e.getMessage().startsWith("'" + bad + "' is not a GUID: write it as "));
            assertTrue(e.getMessage(), e.getMessage().contains("also in braces, or as 32 hex digits"));
        }
    }
}
