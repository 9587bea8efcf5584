package org.karafpxe.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ArchitectureTest {

    @Test
    public void mapsRegisteredCodes() {
        assertEquals(Architecture.X86_BIOS, Architecture.of(0));
        assertEquals(Architecture.X86_UEFI, Architecture.of(6));
        assertEquals(Architecture.X64_UEFI, Architecture.of(7));
        assertEquals(Architecture.ARM64_UEFI, Architecture.of(11));
        assertEquals(Architecture.X64_UEFI_HTTP, Architecture.of(16));
        assertEquals(Architecture.ARM_RPIBOOT, Architecture.of(41));
    }

    @Test
    public void code9IsX64UefiAsOldFirmwareSendsIt() {
        assertEquals(Architecture.X64_UEFI, Architecture.of(9));
        assertEquals(7, Architecture.X64_UEFI.code());
    }

    @Test
    public void unknownCodesAreUnknownNotErrors() {
        assertEquals(Architecture.UNKNOWN, Architecture.of(-1));
        assertEquals(Architecture.UNKNOWN, Architecture.of(42));
        assertEquals(Architecture.UNKNOWN, Architecture.of(65535));
    }

    @Test
    public void keysRoundTrip() {
        for (Architecture a : Architecture.values()) {
            if (a != Architecture.UNKNOWN) {
                assertEquals(a, Architecture.byKey(a.key()).orElseThrow());
                assertEquals(a, Architecture.of(a.code()));
            }
        }
        assertEquals(Architecture.X64_UEFI, Architecture.byKey(" X64-UEFI ").orElseThrow());
        assertFalse(Architecture.byKey("unknown").isPresent());
        assertFalse(Architecture.byKey("x65-uefi").isPresent());
    }

    @Test
    public void httpAndUefiFlags() {
        assertTrue(Architecture.X64_UEFI_HTTP.isHttpBoot());
        assertTrue(Architecture.X64_UEFI_HTTP.isUefi());
        assertFalse(Architecture.X64_UEFI.isHttpBoot());
        assertFalse(Architecture.X86_BIOS.isUefi());
    }
}
