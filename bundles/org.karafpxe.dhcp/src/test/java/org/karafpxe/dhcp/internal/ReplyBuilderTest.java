package org.karafpxe.dhcp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.junit.Test;
import org.karafpxe.api.Architecture;
import org.karafpxe.api.BootAnswer;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.ExchangePort;
import org.karafpxe.dhcp.DecodeResult;
import org.karafpxe.dhcp.DhcpCodec;
import org.karafpxe.dhcp.DhcpMessageType;
import org.karafpxe.dhcp.DhcpOptions;
import org.karafpxe.dhcp.DhcpPacket;
import org.karafpxe.dhcp.PxeVendorOptions;

public class ReplyBuilderTest {

    private static final byte[] MAC = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
    private static final String BIOS = "PXEClient:Arch:00000:UNDI:002001";
    private static final String UEFI = "PXEClient:Arch:00007:UNDI:003016";

    private static DhcpPacket offer(String vendorClass, int arch, BootAnswer answer) throws Exception {
        return reply(vendorClass, arch, answer, ExchangePort.PROXY_DHCP);
    }

    private static DhcpPacket reply(String vendorClass, int arch, BootAnswer answer, ExchangePort port)
            throws Exception {
        DhcpMessageType type = port == ExchangePort.PROXY_DHCP ? DhcpMessageType.DISCOVER : DhcpMessageType.REQUEST;
        DhcpPacket discover = DhcpPacket.builder().op(DhcpPacket.BOOTREQUEST).xid(7).macAddress(MAC)
                .options(DhcpOptions.builder().messageType(type).vendorClass(vendorClass)
                        .clientArchitectures(arch).build())
                .build();
        Inet4Address server = (Inet4Address) InetAddress.getByName("192.0.2.1");
        BootRequest request = RequestMapper.map(discover, vendorClass, port, server, Architecture.X86_BIOS);
        DhcpPacket reply = ReplyBuilder.build(discover, request, PxeClientKind.of(vendorClass), answer, server);
        // Through the codec and back, as the client sees it.
        DecodeResult decoded = DhcpCodec.decode(DhcpCodec.encode(reply));
        assertTrue(decoded.toString(), decoded instanceof DecodeResult.Decoded);
        return ((DecodeResult.Decoded) decoded).packet();
    }

    @Test
    public void aBootFileNameGoesInTheHeaderOnlyIfAllOfItsBytesFit() throws Exception {
        String ascii127 = "a".repeat(127);
        assertEquals(ascii127, offer(BIOS, 0, BootAnswer.of(ascii127)).file());
        String ascii128 = "a".repeat(128);
        DhcpPacket tooLong = offer(BIOS, 0, BootAnswer.of(ascii128));
        assertEquals("", tooLong.file());
        assertEquals(ascii128, tooLong.options().bootFileName().orElseThrow());
    }

    @Test
    public void theHeaderLimitCountsUtf8BytesNotCharacters() throws Exception {
        // 42 three-byte characters are 126 bytes; 43 are 129; 64 two-byte ones are 128.
        String fits = "\u20ac".repeat(42);
        assertEquals(fits, offer(BIOS, 0, BootAnswer.of(fits)).file());
        DhcpPacket threeByte = offer(BIOS, 0, BootAnswer.of("\u20ac".repeat(43)));
        assertEquals("", threeByte.file());
        assertEquals("\u20ac".repeat(43), threeByte.options().bootFileName().orElseThrow());
        assertEquals("", offer(BIOS, 0, BootAnswer.of("\u00e9".repeat(64))).file());
        assertEquals("\u00e9".repeat(63) + "a", offer(BIOS, 0, BootAnswer.of("\u00e9".repeat(63) + "a")).file());
    }

    @Test
    public void biosFirmwareIsToldToUseTheBootFileAndNativeUefiGetsNoOption43() throws Exception {
        DhcpPacket bios = offer(BIOS, 0, BootAnswer.of("undionly.kpxe"));
        PxeVendorOptions pxe = bios.options().pxeVendorOptions().orElseThrow();
        assertEquals(PxeVendorOptions.USE_BOOT_FILE, pxe.discoveryControl().getAsInt());
        assertFalse(offer(UEFI, 7, BootAnswer.of("snponly.efi")).options().pxeVendorOptions().isPresent());
    }

    @Test
    public void aReferralOfNativeUefiPxeIsMadeInThe4011AckSinceTheBinlOfferSendsTheFirmwareToSiaddr()
            throws Exception {
        InetAddress other = InetAddress.getByName("192.0.2.7");
        BootAnswer referral = new BootAnswer("snponly.efi", java.util.Optional.of(other),
                java.util.Optional.of("wds2.lab.example"), java.util.Map.of());
        DhcpPacket binl = offer(UEFI, 7, referral);
        assertEquals("the firmware asks 4011 here", InetAddress.getByName("192.0.2.1"), binl.siaddr());
        assertEquals(InetAddress.getByName("192.0.2.1"), binl.options().serverIdentifier().orElseThrow());
        DhcpPacket ack = reply(UEFI, 7, referral, ExchangePort.PXE_BOOT_SERVER);
        assertEquals("the boot file comes from the referral server", other, ack.siaddr());
        assertEquals("wds2.lab.example", ack.options().tftpServerName().orElseThrow());
        assertEquals("snponly.efi", ack.file());
        DhcpPacket bios = offer(BIOS, 0, referral);
        assertEquals("BIOS firmware fetches at once from siaddr", other, bios.siaddr());
    }

    @Test
    public void anAnswerWithoutAnyClientAddressAsksRelaysToBroadcastIt() throws Exception {
        // The DISCOVER came without the broadcast flag; a relay that honours the flag must broadcast
        // the offer, since the client has no address (yiaddr and ciaddr are 0).
        DhcpPacket offer = offer(BIOS, 0, BootAnswer.of("undionly.kpxe"));
        assertTrue(offer.isBroadcast());
    }

    @Test
    public void aLocalBootAnswerIsAMenuOfOneLocalBootItemChosenAtOnce() throws Exception {
        for (int i = 0; i < 2; i++) { // the second answer gets the same bytes as the first
            DhcpPacket local = offer(BIOS, 0, BootAnswer.abort());
            PxeVendorOptions pxe = local.options().pxeVendorOptions().orElseThrow();
            assertEquals(PxeVendorOptions.DISABLE_BROADCAST | PxeVendorOptions.DISABLE_MULTICAST,
                    pxe.discoveryControl().getAsInt());
            assertEquals(1, pxe.bootMenu().size());
            assertEquals(0, pxe.bootMenu().get(0).type());
            assertEquals(0, pxe.menuPrompt().orElseThrow().timeoutSeconds());
            assertFalse(local.options().bootFileName().isPresent());
        }
    }
}
