package org.karafpxe.dhcp;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.karafpxe.dhcp.RawPackets.bytes;
import static org.karafpxe.dhcp.RawPackets.hex;
import static org.karafpxe.dhcp.RawPackets.ip;
import static org.karafpxe.dhcp.RawPackets.roundTrip;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.Test;

public class PxeVendorOptionsTest {

    /** Option 43 of the proxy offer in t-bios-proxy-1-dhcp.pcap. */
    private static final byte[] CAPTURED_OFFER_43 =
            hex("060103 0a0400505845 08078003010ad50002 0909800306736372697074 ff");
    /** Option 43 of the iPXE REQUEST to port 4011 in the same capture. */
    private static final byte[] CAPTURED_REQUEST_43 = hex("4704 8003 0000 ff");

    @Test
    public void decodesTheCapturedProxyOffer() {
        PxeVendorOptions pxe = PxeVendorOptions.parse(CAPTURED_OFFER_43).orElseThrow();
        assertEquals(OptionalInt.of(3), pxe.discoveryControl());
        assertTrue(pxe.hasDiscoveryFlag(PxeVendorOptions.DISABLE_BROADCAST));
        assertTrue(pxe.hasDiscoveryFlag(PxeVendorOptions.DISABLE_MULTICAST));
        assertFalse(pxe.hasDiscoveryFlag(PxeVendorOptions.USE_BOOT_FILE));
        assertEquals(Optional.of(new PxeVendorOptions.MenuPrompt(0, "PXE")), pxe.menuPrompt());
        assertEquals(List.of(new PxeVendorOptions.BootServer(0x8003, List.of(ip("10.213.0.2")))), pxe.bootServers());
        assertEquals(List.of(new PxeVendorOptions.MenuEntry(0x8003, "script")), pxe.bootMenu());
        assertEquals(Optional.empty(), pxe.bootItem());
        assertTrue(pxe.otherSubOptions().isEmpty());
    }

    @Test
    public void decodesTheCapturedBootItemRequest() {
        PxeVendorOptions pxe = PxeVendorOptions.parse(CAPTURED_REQUEST_43).orElseThrow();
        assertEquals(Optional.of(new PxeVendorOptions.BootItem(0x8003, 0)), pxe.bootItem());
        assertEquals(OptionalInt.empty(), pxe.discoveryControl());
        assertArrayEquals(CAPTURED_REQUEST_43, pxe.encode());
    }

    @Test
    public void encodesInPxeOrderWithEnd() {
        PxeVendorOptions pxe = PxeVendorOptions.builder()
                .discoveryControl(PxeVendorOptions.DISABLE_BROADCAST | PxeVendorOptions.DISABLE_MULTICAST)
                .bootServer(0x8003, ip("10.213.0.2"))
                .menuEntry(0x8003, "script")
                .menuPrompt(0, "PXE")
                .build();
        assertArrayEquals(hex("060103 08078003010ad50002 0909800306736372697074 0a0400505845 ff"), pxe.encode());
        assertEquals(pxe, PxeVendorOptions.parse(pxe.encode()).orElseThrow());
    }

    @Test
    public void everySubOptionRoundTripsThroughAPacket() {
        PxeVendorOptions pxe = PxeVendorOptions.builder()
                .discoveryControl(PxeVendorOptions.USE_BOOT_FILE | PxeVendorOptions.ONLY_LISTED_SERVERS)
                .bootServer(0, ip("10.0.0.1"), ip("10.0.0.2"))
                .bootServer(0x8001)
                .menuEntry(0, "Local boot")
                .menuEntry(0x8001, "")
                .menuPrompt(255, "Press F8")
                .bootItem(0x8001, 0x8000)
                .subOption(1, bytes(224, 1, 1, 1))
                .subOption(200, bytes(9))
                .build();
        DhcpOptions back = roundTrip(DhcpOptions.builder().pxeVendorOptions(pxe).build());
        PxeVendorOptions decoded = back.pxeVendorOptions().orElseThrow();
        assertEquals(pxe, decoded);
        assertEquals(List.of(1, 200), decoded.otherSubOptions().codes());
        assertEquals(2, decoded.bootServers().get(0).addresses().size());
        assertEquals(List.of(), decoded.bootServers().get(1).addresses());
    }

    @Test
    public void emptyValueIsJustEnd() {
        PxeVendorOptions none = PxeVendorOptions.builder().build();
        assertArrayEquals(bytes(255), none.encode());
        assertEquals(none, PxeVendorOptions.parse(bytes(255)).orElseThrow());
        assertEquals(none, PxeVendorOptions.parse(new byte[0]).orElseThrow());
    }

    @Test
    public void wholeOptionOver255BytesIsRejected() {
        PxeVendorOptions.Builder b = PxeVendorOptions.builder();
        for (int i = 0; i < 4; i++) {
            b.menuEntry(0x8000 + i, "Entry " + i + " " + "x".repeat(50));
        }
        b.menuPrompt(10, "y".repeat(60));
        PxeVendorOptions pxe = b.build();
        DhcpEncodeException e = assertThrows(DhcpEncodeException.class, pxe::encode);
        assertEquals("43 (VENDOR_SPECIFIC)", e.field());
        assertEquals(255, e.limit());
        assertTrue(e.size() > 255);
        assertTrue(e.getMessage(), e.getMessage().contains("option 43"));
        assertTrue(e.getMessage(), e.getMessage().contains("at most 255"));
        assertThrows(DhcpEncodeException.class, () -> DhcpOptions.builder().pxeVendorOptions(pxe));
    }

    @Test
    public void singleSubOptionOver255BytesIsRejected() {
        PxeVendorOptions.Builder b = PxeVendorOptions.builder();
        for (int i = 0; i < 7; i++) {
            b.menuEntry(i, "z".repeat(40));
        }
        DhcpEncodeException e = assertThrows(DhcpEncodeException.class, b.build()::encode);
        assertTrue(e.getMessage(), e.getMessage().contains("sub-option 9"));
        assertEquals(7 * 43, e.size());
    }

    @Test
    public void exactly255BytesFits() {
        // 2 + 1 (control) + 2 + 249 (prompt) + 1 (END) = 255
        PxeVendorOptions pxe = PxeVendorOptions.builder().discoveryControl(8).menuPrompt(0, "p".repeat(248)).build();
        assertEquals(255, pxe.encode().length);
    }

    @Test
    public void notPxeShapedValuesAreEmpty() {
        assertEquals("truncated sub-option", Optional.empty(), PxeVendorOptions.parse(bytes(6, 4, 1)));
        assertEquals("control of two bytes", Optional.empty(), PxeVendorOptions.parse(bytes(6, 2, 1, 1, 255)));
        assertEquals("boot item of three bytes", Optional.empty(), PxeVendorOptions.parse(bytes(71, 3, 0, 0, 0)));
        assertEquals("server count beyond value", Optional.empty(),
                PxeVendorOptions.parse(bytes(8, 7, 0, 0, 2, 10, 0, 0, 1)));
        assertEquals("menu text beyond value", Optional.empty(), PxeVendorOptions.parse(bytes(9, 4, 0, 0, 5, 'a')));
        assertEquals("empty prompt", Optional.empty(), PxeVendorOptions.parse(bytes(10, 0)));
    }

    @Test
    public void typedSubOptionsCannotAlsoBeGivenRaw() {
        assertThrows(IllegalArgumentException.class, () -> PxeVendorOptions.builder().subOption(9, bytes(1)).build());
    }

    @Test
    public void valueRangesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> PxeVendorOptions.builder().discoveryControl(256).build());
        assertThrows(IllegalArgumentException.class, () -> new PxeVendorOptions.BootItem(0x10000, 0));
        assertThrows(IllegalArgumentException.class, () -> new PxeVendorOptions.MenuPrompt(-1, ""));
    }
}
