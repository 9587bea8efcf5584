package org.karafpxe.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class BootAnswerTest {

    @Test
    public void abortIsALocalBootWithoutAFile() {
        BootAnswer abort = BootAnswer.forProgram(" Abort ");
        assertTrue(abort.localBoot());
        assertEquals("", abort.bootFile());
        assertEquals("abort (local boot)", abort.describe());
    }

    @Test
    public void anyOtherProgramIsAFileToFetch() {
        BootAnswer file = BootAnswer.forProgram("boot/abort.efi");
        assertFalse(file.localBoot());
        assertEquals("boot/abort.efi", file.describe());
    }

    @Test
    public void theLocalBootScriptEndsInLocalBootAndOtherFilesDoNot() {
        BootAnswer script = BootAnswer.forProgram(BootAnswer.LOCAL_BOOT_SCRIPT);
        assertEquals("ipxe/default.ipxe", script.bootFile());
        assertFalse("it is a file to fetch", script.localBoot());
        assertTrue(script.endsInLocalBoot());
        assertTrue(script.fallsThrough());
        assertTrue(BootAnswer.abort().fallsThrough());
        assertFalse(BootAnswer.forProgram("snponly.efi").fallsThrough());
        assertFalse(BootAnswer.forProgram("ipxe/discover.ipxe").fallsThrough());
    }

    @Test(expected = IllegalArgumentException.class)
    public void aFileAnswerNeedsAFile() {
        BootAnswer.of(" ");
    }
}
