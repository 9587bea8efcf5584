package org.karafpxe.dhcp;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.karafpxe.dhcp.RawPackets.bytes;
import static org.karafpxe.dhcp.RawPackets.hex;
import static org.karafpxe.dhcp.RawPackets.roundTrip;

import java.util.List;
import java.util.Optional;
import org.junit.Test;

/** Option 175, iPXE's encapsulated options. */
public class IpxeOptionsTest {

    /** Option 175 sent by QEMU's iPXE ROM on an e1000 NIC (t-bios-dhcp-e1000-1-dhcp.pcap). */
    private static final byte[] BIOS_E1000_175 = hex("b105018086100e eb03010000 170101 220101 130101 110101 270101"
            + " 190101 290101 100102 210101 150101 180101 120101");
    /** Option 175 from dnsmasq's replies in the same capture: no-pxedhcp, then END. */
    private static final byte[] SERVER_175 = hex("b00101ff");

    @Test
    public void decodesTheCapturedClientOption() {
        IpxeOptions ipxe = new IpxeOptions(EncapsulatedOptions.parse(BIOS_E1000_175).orElseThrow());
        assertEquals(Optional.of(new IpxeOptions.PciDevice(0x8086, 0x100e)), ipxe.pciDevice());
        assertEquals("8086:100e", ipxe.pciDevice().orElseThrow().toString());
        assertEquals(Optional.of("1.0.0"), ipxe.version());
        assertArrayEquals(bytes(2), ipxe.options().get(IpxeOptions.FEATURE_PXE_EXT).orElseThrow());
        assertTrue(ipxe.hasFeature(IpxeOptions.FEATURE_HTTP));
        assertTrue(ipxe.hasFeature(IpxeOptions.FEATURE_PXE));
        assertFalse(ipxe.hasFeature(IpxeOptions.FEATURE_COMBOOT));
        assertFalse(ipxe.hasFeature(IpxeOptions.FEATURE_EFI));
        assertFalse(ipxe.isNoPxeDhcp());
        assertEquals(List.of(177, 235, 23, 34, 19, 17, 39, 25, 41, 16, 33, 21, 24, 18), ipxe.options().codes());
    }

    @Test
    public void decodesTheCapturedServerOptionWithItsEnd() {
        IpxeOptions ipxe = new IpxeOptions(EncapsulatedOptions.parse(SERVER_175).orElseThrow());
        assertTrue(ipxe.isNoPxeDhcp());
        assertEquals(List.of(IpxeOptions.NO_PXEDHCP), ipxe.options().codes());
    }

    @Test
    public void noPxeDhcpReplyRoundTrips() {
        DhcpOptions back = roundTrip(DhcpOptions.builder().ipxeOptions(IpxeOptions.noPxeDhcp()).build());
        assertArrayEquals(bytes(176, 1, 1), back.get(175).orElseThrow());
        assertTrue(back.ipxeOptions().orElseThrow().isNoPxeDhcp());
        assertTrue(back.isIpxe());
    }

    @Test
    public void genericSubOptionsRoundTrip() {
        EncapsulatedOptions subs = EncapsulatedOptions.builder()
                .put(IpxeOptions.BUS_ID, bytes(1, 0x1a, 0xf4, 0x10, 0x00))
                .put(IpxeOptions.VERSION, bytes(1, 21, 1))
                .put(IpxeOptions.FEATURE_EFI, 1)
                .put(190, RawPackets.ascii("user"))
                .build();
        IpxeOptions back = roundTrip(DhcpOptions.builder().ipxeOptions(new IpxeOptions(subs)).build())
                .ipxeOptions().orElseThrow();
        assertEquals(subs, back.options());
        assertEquals(Optional.of("1.21.1"), back.version());
        assertEquals(Optional.of(new IpxeOptions.PciDevice(0x1af4, 0x1000)), back.pciDevice());
        assertTrue(back.hasFeature(IpxeOptions.FEATURE_EFI));
    }

    @Test
    public void featureWithZeroValueIsOff() {
        IpxeOptions ipxe = new IpxeOptions(EncapsulatedOptions.builder().put(IpxeOptions.NO_PXEDHCP, 0).build());
        assertFalse(ipxe.isNoPxeDhcp());
    }

    @Test
    public void nonPciBusIdAndOddVersionReadAsAbsent() {
        IpxeOptions ipxe = new IpxeOptions(EncapsulatedOptions.builder()
                .put(IpxeOptions.BUS_ID, bytes(2, 0, 0, 0, 0))
                .put(IpxeOptions.VERSION, bytes(1, 0))
                .build());
        assertEquals(Optional.empty(), ipxe.pciDevice());
        assertEquals(Optional.empty(), ipxe.version());
    }

    @Test
    public void malformedEncapsulationIsEmpty() {
        assertEquals(Optional.empty(), EncapsulatedOptions.parse(bytes(177, 5, 1, 2)));
        assertEquals(Optional.empty(), EncapsulatedOptions.parse(bytes(177)));
    }

    @Test
    public void subOptionsAreNeverSplit() {
        EncapsulatedOptions big = EncapsulatedOptions.builder().put(190, new byte[256]).build();
        DhcpEncodeException e = assertThrows(DhcpEncodeException.class, big::encode);
        assertEquals(256, e.size());
        assertEquals(255, e.limit());
    }
}
