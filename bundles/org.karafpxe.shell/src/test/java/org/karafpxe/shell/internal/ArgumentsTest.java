package org.karafpxe.shell.internal;

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
