package org.karafpxe.dhcp;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.karafpxe.dhcp.DhcpMessageType.ACK;
import static org.karafpxe.dhcp.DhcpMessageType.DISCOVER;
import static org.karafpxe.dhcp.DhcpMessageType.OFFER;
import static org.karafpxe.dhcp.DhcpMessageType.REQUEST;
import static org.karafpxe.dhcp.RawPackets.MAC;
import static org.karafpxe.dhcp.RawPackets.ascii;
import static org.karafpxe.dhcp.RawPackets.bytes;
import static org.karafpxe.dhcp.RawPackets.concat;
import static org.karafpxe.dhcp.RawPackets.ip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.Test;
import org.karafpxe.dhcp.Captures.Captured;

/**
 * Golden tests against what real firmware sent under QEMU 7.2: SeaBIOS with QEMU's iPXE ROM,
 * OVMF's native PXE, iPXE EFI, against dnsmasq as DHCP server (10.213.0.1) and a proxyDHCP
 * server (10.213.0.2). Every value asserted here was read from the captures.
 */
public class CapturedPacketsTest {

    private static final UUID QEMU_UUID = UUID.fromString("8b6b6f3e-1c9a-4e55-9d3a-0a1b2c3d4e5f");
    private static final byte[] QEMU_GUID_WIRE = RawPackets.hex("003e6f6b8b9a1c554e9d3a0a1b2c3d4e5f");
    private static final String BIOS_IPXE_CLASS = "PXEClient:Arch:00000:UNDI:002001";
    private static final String EFI_IPXE_CLASS = "PXEClient:Arch:00007:UNDI:003010";
    private static final String OVMF_CLASS = "PXEClient:Arch:00007:UNDI:003000";
    private static final List<Integer> IPXE_PARAMETERS =
            List.of(1, 3, 6, 7, 12, 15, 17, 26, 43, 60, 66, 67, 119, 128, 129, 130, 131, 132, 133, 134, 135, 175, 203);
    private static final List<Integer> OVMF_PARAMETERS = List.of(1, 2, 3, 4, 5, 6, 12, 13, 15, 17, 18, 22, 23, 28, 40,
            41, 42, 43, 50, 51, 54, 58, 59, 60, 66, 67, 97, 128, 129, 130, 131, 132, 133, 134, 135);

    private static List<DhcpMessageType> types(List<Captured> packets) {
        List<DhcpMessageType> types = new ArrayList<>();
        for (Captured c : packets) {
            types.add(c.packet().messageType().orElseThrow());
        }
        return types;
    }

    private static void assertRoute(Captured c, String source, int sourcePort, String destination, int destinationPort) {
        PcapReader.Datagram d = c.datagram();
        assertEquals(d.toString(), List.of(source, sourcePort, destination, destinationPort),
                List.of(d.source(), d.sourcePort(), d.destination(), d.destinationPort()));
    }

    /** Header fields every packet of these captures shares: one QEMU NIC, no relay. */
    private static void assertSameClient(Captured c, int xid) {
        DhcpPacket p = c.packet();
        assertEquals(c.datagram().toString(), xid, p.xid());
        assertEquals(Optional.of("52:54:00:12:34:56"), p.macString());
        assertArrayEquals(MAC, p.macAddress().orElseThrow());
        assertEquals(0, p.hops());
        assertEquals(ip("0.0.0.0"), p.giaddr());
    }

    private static void assertIpxeClient(DhcpOptions o, String vendorClass, int arch, ClientNdi ndi, int pciVendor,
            int pciDevice) {
        assertEquals(Optional.of(vendorClass), o.vendorClass());
        assertEquals(List.of(arch), o.clientArchitectures());
        assertEquals(Optional.of(ndi), o.clientNdi());
        assertArrayEquals("iPXE sends the bare string, not RFC 3004", ascii("iPXE"), o.get(77).orElseThrow());
        assertEquals(List.of("iPXE"), o.userClasses());
        assertTrue(o.isIpxe());
        IpxeOptions ipxe = o.ipxeOptions().orElseThrow();
        assertEquals(Optional.of(new IpxeOptions.PciDevice(pciVendor, pciDevice)), ipxe.pciDevice());
        assertEquals(Optional.of("1.0.0"), ipxe.version());
        assertEquals(arch == 7, ipxe.hasFeature(IpxeOptions.FEATURE_EFI));
        assertEquals(arch == 0, ipxe.hasFeature(IpxeOptions.FEATURE_PXE_EXT));
        assertTrue(ipxe.hasFeature(IpxeOptions.FEATURE_HTTP));
        assertEquals(OptionalInt.of(1472), o.maxMessageSize());
        assertArrayEquals(concat(bytes(1), MAC), o.clientIdentifier().orElseThrow());
        assertEquals(Optional.of(QEMU_UUID), o.clientGuid());
        assertArrayEquals(QEMU_GUID_WIRE, o.clientGuidRaw().orElseThrow());
        assertEquals(IPXE_PARAMETERS, o.requestedParameters());
    }

    private static void assertOvmfClient(DhcpOptions o) {
        assertEquals(Optional.of(OVMF_CLASS), o.vendorClass());
        assertEquals(List.of(7), o.clientArchitectures());
        assertEquals(Optional.of(new ClientNdi(1, 3, 0)), o.clientNdi());
        assertEquals(List.of(), o.userClasses());
        assertFalse(o.isIpxe());
        assertFalse("OVMF sends no client identifier", o.contains(61));
        assertEquals(Optional.of(QEMU_UUID), o.clientGuid());
        assertEquals(OVMF_PARAMETERS, o.requestedParameters());
    }

    /** dnsmasq's OFFER/ACK for the address; the boot file only when it was configured with one. */
    private static void assertAddressReply(Captured c, DhcpMessageType type, Optional<String> bootFile) {
        DhcpPacket p = c.packet();
        DhcpOptions o = p.options();
        assertEquals(Optional.of(type), p.messageType());
        assertEquals(DhcpPacket.BOOTREPLY, p.op());
        assertEquals(ip("10.213.0.111"), p.yiaddr());
        assertEquals(ip("10.213.0.1"), p.siaddr());
        assertEquals(Optional.of(ip("10.213.0.1")), o.serverIdentifier());
        assertEquals(Optional.of(ip("10.213.0.1")), o.address(3));
        assertEquals(Optional.of(ip("255.255.255.0")), o.address(1));
        assertArrayEquals(bytes(0, 0, 2, 0x58), o.get(51).orElseThrow());
        assertEquals(bootFile, o.bootFileName());
        bootFile.ifPresent(f -> assertArrayEquals("dnsmasq NUL-terminates option 67", concat(ascii(f), bytes(0)),
                o.get(67).orElseThrow()));
        assertEquals("", p.file());
        assertEquals("", p.sname());
    }

    @Test
    public void biosIpxeRomOnE1000AgainstPlainDhcp() {
        List<Captured> packets = Captures.dhcp(Captures.BIOS_DHCP_E1000);
        assertEquals(List.of(DISCOVER, OFFER, REQUEST, ACK), types(packets));
        int xid = 0xe8c4ab65;
        packets.forEach(c -> assertSameClient(c, xid));

        Captured discover = packets.get(0);
        assertRoute(discover, "0.0.0.0", 68, "255.255.255.255", 67);
        assertEquals(4, discover.packet().secs());
        assertEquals(0, discover.packet().flags());
        assertIpxeClient(discover.options(), BIOS_IPXE_CLASS, 0, new ClientNdi(1, 2, 1), 0x8086, 0x100e);
        assertEquals(List.of(53, 57, 93, 94, 60, 77, 55, 175, 61, 97), discover.options().codes());

        Captured request = packets.get(2);
        assertEquals(10, request.packet().secs());
        assertIpxeClient(request.options(), BIOS_IPXE_CLASS, 0, new ClientNdi(1, 2, 1), 0x8086, 0x100e);
        assertEquals(Optional.of(ip("10.213.0.1")), request.options().serverIdentifier());
        assertEquals(Optional.of(ip("10.213.0.111")), request.options().requestedIpAddress());

        for (Captured reply : List.of(packets.get(1), packets.get(3))) {
            assertRoute(reply, "10.213.0.1", 67, "10.213.0.111", 68);
            assertAddressReply(reply, reply == packets.get(1) ? OFFER : ACK, Optional.of("boot.ipxe"));
            assertTrue(reply.options().ipxeOptions().orElseThrow().isNoPxeDhcp());
            assertArrayEquals(bytes(0xb0, 1, 1, 0xff), reply.options().get(175).orElseThrow());
        }
    }

    @Test
    public void biosIpxeRomAgainstDhcpAndProxyDhcp() {
        List<Captured> packets = Captures.dhcp(Captures.BIOS_PROXY);
        assertEquals(List.of(DISCOVER, OFFER, OFFER, REQUEST, ACK, REQUEST, ACK), types(packets));
        int xid = 0x619b4d40;
        for (int i = 0; i < 5; i++) {
            assertSameClient(packets.get(i), xid);
        }
        assertIpxeClient(packets.get(0).options(), BIOS_IPXE_CLASS, 0, new ClientNdi(1, 2, 1), 0x1af4, 0x1000);
        assertAddressReply(packets.get(1), OFFER, Optional.empty());
        assertEquals("dnsmasq pads its reply to 300 bytes", 300, packets.get(1).datagram().payload().length);

        Captured proxyOffer = packets.get(2);
        assertRoute(proxyOffer, "10.213.0.2", 67, "255.255.255.255", 68);
        DhcpPacket offer = proxyOffer.packet();
        assertEquals(ip("0.0.0.0"), offer.yiaddr());
        assertEquals(ip("0.0.0.0"), offer.siaddr());
        assertTrue(offer.isBroadcast());
        assertEquals(Optional.of("PXEClient"), offer.options().vendorClass());
        assertEquals(Optional.of(ip("10.213.0.2")), offer.options().serverIdentifier());
        assertArrayEquals("the client's GUID is echoed", QEMU_GUID_WIRE, offer.options().clientGuidRaw().orElseThrow());
        PxeVendorOptions menu = offer.options().pxeVendorOptions().orElseThrow();
        assertEquals(OptionalInt.of(PxeVendorOptions.DISABLE_BROADCAST | PxeVendorOptions.DISABLE_MULTICAST),
                menu.discoveryControl());
        assertEquals(List.of(new PxeVendorOptions.BootServer(0x8003, List.of(ip("10.213.0.2")))), menu.bootServers());
        assertEquals(List.of(new PxeVendorOptions.MenuEntry(0x8003, "script")), menu.bootMenu());
        assertEquals(Optional.of(new PxeVendorOptions.MenuPrompt(0, "PXE")), menu.menuPrompt());

        assertEquals(11, packets.get(3).packet().secs());
        assertAddressReply(packets.get(4), ACK, Optional.empty());

        Captured bootRequest = packets.get(5);
        assertRoute(bootRequest, "10.213.0.111", 68, "10.213.0.2", 4011);
        DhcpPacket req = bootRequest.packet();
        assertSameClient(bootRequest, 0);
        assertNotEquals("iPXE starts a new transaction for port 4011", xid, req.xid());
        assertEquals(ip("10.213.0.111"), req.ciaddr());
        assertEquals(4, req.secs());
        assertTrue(req.isBroadcast());
        assertEquals("iPXE shortens option 60 towards the boot server", Optional.of("PXEClient"),
                req.options().vendorClass());
        assertEquals(Optional.of(new PxeVendorOptions.BootItem(0x8003, 0)),
                req.options().pxeVendorOptions().orElseThrow().bootItem());
        assertEquals(Optional.of(QEMU_UUID), req.options().clientGuid());
        assertTrue(req.options().isIpxe());
        assertFalse(req.options().contains(54));

        Captured bootAck = packets.get(6);
        assertRoute(bootAck, "10.213.0.2", 4011, "10.213.0.111", 68);
        DhcpPacket ack = bootAck.packet();
        assertSameClient(bootAck, 0);
        assertEquals("boot.ipxe", ack.file());
        assertEquals("", ack.sname());
        assertEquals(ip("10.213.0.2"), ack.siaddr());
        assertEquals(ip("10.213.0.111"), ack.yiaddr());
        assertEquals(Optional.empty(), ack.options().bootFileName());
        assertEquals(Optional.of(new PxeVendorOptions.BootItem(0x8003, 0)),
                ack.options().pxeVendorOptions().orElseThrow().bootItem());
    }

    @Test
    public void uefiIpxeRomAgainstPlainDhcp() {
        List<Captured> packets = Captures.dhcp(Captures.UEFI_IPXE_ROM);
        assertEquals(List.of(DISCOVER, OFFER, REQUEST, ACK), types(packets));
        packets.forEach(c -> assertSameClient(c, 0x0d3f5f7a));
        assertIpxeClient(packets.get(0).options(), EFI_IPXE_CLASS, 7, new ClientNdi(1, 3, 10), 0x1af4, 0x1000);
        assertIpxeClient(packets.get(2).options(), EFI_IPXE_CLASS, 7, new ClientNdi(1, 3, 10), 0x1af4, 0x1000);
        assertEquals(List.of(4, 4, 10, 10), packets.stream().map(c -> c.packet().secs()).toList());
        assertAddressReply(packets.get(1), OFFER, Optional.of("boot.ipxe"));
        assertAddressReply(packets.get(3), ACK, Optional.of("boot.ipxe"));
    }

    @Test
    public void ovmfNativePxeAgainstDhcpAndProxyDhcpThenChainedIpxe() {
        List<Captured> packets = Captures.dhcp(Captures.UEFI_NATIVE_PROXY);
        assertEquals(List.of(DISCOVER, OFFER, OFFER, REQUEST, ACK, REQUEST, ACK,
                DISCOVER, OFFER, OFFER, REQUEST, ACK, REQUEST, ACK), types(packets));

        int ovmfXid = 0xc04cde2a;
        for (int i = 0; i < 5; i++) {
            assertSameClient(packets.get(i), ovmfXid);
            assertEquals("OVMF leaves secs at 0", 0, packets.get(i).packet().secs());
            assertTrue("OVMF asks for broadcast replies", packets.get(i).packet().isBroadcast());
        }
        DhcpOptions discover = packets.get(0).options();
        assertOvmfClient(discover);
        assertEquals(OptionalInt.of(1472), discover.maxMessageSize());
        assertEquals(List.of(53, 57, 55, 97, 94, 93, 60), discover.codes());

        DhcpPacket proxyOffer = packets.get(2).packet();
        assertRoute(packets.get(2), "10.213.0.2", 67, "255.255.255.255", 68);
        assertEquals(ip("10.213.0.2"), proxyOffer.siaddr());
        assertEquals(ip("0.0.0.0"), proxyOffer.yiaddr());
        assertEquals(Optional.of("PXEClient"), proxyOffer.options().vendorClass());
        assertFalse("the BINL form: no option 43", proxyOffer.options().contains(43));
        assertEquals(List.of(53, 54, 60, 97), proxyOffer.options().codes());

        DhcpOptions request = packets.get(3).options();
        assertOvmfClient(request);
        assertEquals("OVMF announces a larger size in its REQUEST", OptionalInt.of(65280), request.maxMessageSize());
        assertEquals(Optional.of(ip("10.213.0.1")), request.serverIdentifier());

        Captured bootRequest = packets.get(5);
        assertRoute(bootRequest, "10.213.0.111", 4011, "10.213.0.2", 4011);
        DhcpPacket req = bootRequest.packet();
        assertSameClient(bootRequest, 0xd5988b46);
        assertEquals(ip("10.213.0.111"), req.ciaddr());
        assertEquals(0, req.secs());
        assertEquals(0, req.flags());
        assertOvmfClient(req.options());
        assertEquals(OptionalInt.of(1472), req.options().maxMessageSize());
        assertFalse(req.options().contains(54));
        assertFalse(req.options().contains(43));

        Captured bootAck = packets.get(6);
        assertRoute(bootAck, "10.213.0.2", 4011, "10.213.0.111", 4011);
        DhcpPacket ack = bootAck.packet();
        assertSameClient(bootAck, 0xd5988b46);
        assertEquals("10.213.0.2", ack.sname());
        assertEquals("ipxe.efi", ack.file());
        assertEquals(ip("10.213.0.2"), ack.siaddr());
        assertEquals(ip("10.213.0.111"), ack.ciaddr());
        assertEquals(ip("0.0.0.0"), ack.yiaddr());
        assertEquals(List.of(53, 54, 60, 97), ack.options().codes());

        int ipxeXid = 0x56dcc966;
        for (int i = 7; i < 14; i++) {
            assertSameClient(packets.get(i), ipxeXid);
        }
        DhcpOptions chained = packets.get(7).options();
        assertIpxeClient(chained, EFI_IPXE_CLASS, 7, new ClientNdi(1, 3, 10), 0x1af4, 0x1000);
        assertTrue("ipxe.efi has SRP, the ROM does not", chained.ipxeOptions().orElseThrow().hasFeature(27));

        Captured ipxeBootRequest = packets.get(12);
        assertRoute(ipxeBootRequest, "10.213.0.111", 68, "10.213.0.2", 4011);
        assertEquals(15, ipxeBootRequest.packet().secs());
        assertEquals(Optional.of(ip("10.213.0.2")), ipxeBootRequest.options().serverIdentifier());
        assertEquals(Optional.of(EFI_IPXE_CLASS), ipxeBootRequest.options().vendorClass());
        assertFalse(ipxeBootRequest.options().contains(43));

        DhcpPacket ipxeAck = packets.get(13).packet();
        assertRoute(packets.get(13), "10.213.0.2", 4011, "10.213.0.111", 68);
        assertEquals("10.213.0.2", ipxeAck.sname());
        assertEquals("boot.ipxe", ipxeAck.file());
    }

    @Test
    public void ovmfNativePxeAgainstDhcpWithBootFile() {
        List<Captured> packets = Captures.dhcp(Captures.UEFI_NATIVE_DHCP);
        assertEquals(List.of(DISCOVER, OFFER, REQUEST, ACK, DISCOVER, OFFER, REQUEST, ACK), types(packets));
        for (int i = 0; i < 4; i++) {
            assertSameClient(packets.get(i), 0x8a89520e);
        }
        assertOvmfClient(packets.get(0).options());
        assertRoute(packets.get(1), "10.213.0.1", 67, "255.255.255.255", 68);
        assertAddressReply(packets.get(1), OFFER, Optional.of("ipxe.efi"));
        assertTrue(packets.get(1).packet().isBroadcast());
        assertEquals(OptionalInt.of(65280), packets.get(2).options().maxMessageSize());
        assertAddressReply(packets.get(3), ACK, Optional.of("ipxe.efi"));

        for (int i = 4; i < 8; i++) {
            assertSameClient(packets.get(i), 0x56dcc966);
        }
        assertIpxeClient(packets.get(4).options(), EFI_IPXE_CLASS, 7, new ClientNdi(1, 3, 10), 0x1af4, 0x1000);
        assertAddressReply(packets.get(5), OFFER, Optional.of("boot.ipxe"));
        assertTrue(packets.get(5).options().ipxeOptions().orElseThrow().isNoPxeDhcp());
    }

    @Test
    public void tftpCaptureHoldsNoDhcp() {
        assertEquals(List.of(), Captures.dhcpDatagrams(Captures.OVMF_TFTP));
        List<PcapReader.Datagram> udp = Captures.udp(Captures.OVMF_TFTP);
        assertEquals(12, udp.size());
        PcapReader.Datagram rrq = udp.get(0);
        assertEquals(69, rrq.destinationPort());
        String fields = String.join("\u0000", "ipxe.efi", "octet", "tsize", "0", "blksize", "1468", "windowsize", "4");
        assertArrayEquals(concat(bytes(0, 1), ascii(fields), bytes(0)), rrq.payload());
        assertArrayEquals("OVMF aborts after reading the size", bytes(0, 5, 0, 8), Arrays.copyOf(udp.get(2).payload(), 4));
    }

    @Test
    public void everyCapturedPacketReencodesToTheSameBytes() {
        int count = 0;
        for (String name : Captures.ALL) {
            for (Captured c : Captures.dhcp(name)) {
                byte[] again = DhcpCodec.encode(c.packet());
                assertEquals(name + " " + c.datagram(), c.packet(), RawPackets.decodeOk(again));
                assertArrayEquals(name + " " + c.datagram(), c.datagram().payload(), again);
                count++;
            }
        }
        assertEquals(37, count);
    }
}
