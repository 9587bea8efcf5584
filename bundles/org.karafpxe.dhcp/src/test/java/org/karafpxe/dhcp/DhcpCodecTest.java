package org.karafpxe.dhcp;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.karafpxe.dhcp.RawPackets.MAC;
import static org.karafpxe.dhcp.RawPackets.ascii;
import static org.karafpxe.dhcp.RawPackets.bytes;
import static org.karafpxe.dhcp.RawPackets.concat;
import static org.karafpxe.dhcp.RawPackets.decodeOk;
import static org.karafpxe.dhcp.RawPackets.header;
import static org.karafpxe.dhcp.RawPackets.indexOf;
import static org.karafpxe.dhcp.RawPackets.ip;
import static org.karafpxe.dhcp.RawPackets.repeat;
import static org.karafpxe.dhcp.RawPackets.roundTrip;
import static org.karafpxe.dhcp.RawPackets.withOptions;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.Test;

public class DhcpCodecTest {

    private static DhcpPacket fullReply() {
        return DhcpPacket.builder()
                .op(DhcpPacket.BOOTREPLY)
                .macAddress(MAC)
                .hops(3)
                .xid(0xCAFEBABE)
                .secs(65535)
                .broadcast(true)
                .ciaddr(ip("10.0.0.1"))
                .yiaddr(ip("10.0.0.2"))
                .siaddr(ip("10.0.0.3"))
                .giaddr(ip("10.0.0.4"))
                .sname("boot-server")
                .file("ipxe.efi")
                .options(DhcpOptions.builder()
                        .messageType(DhcpMessageType.OFFER)
                        .serverIdentifier(ip("10.0.0.3"))
                        .vendorClass("PXEClient")
                        .clientGuid(UUID.fromString("8b6b6f3e-1c9a-4e55-9d3a-0a1b2c3d4e5f"))
                        .put(224, bytes(1, 2, 3))
                        .build())
                .build();
    }

    @Test
    public void everyHeaderFieldSurvivesARoundTrip() {
        DhcpPacket p = fullReply();
        DhcpPacket back = roundTrip(p);
        assertEquals(p, back);
        assertEquals(p.hashCode(), back.hashCode());
        assertEquals(0xCAFEBABE, back.xid());
        assertEquals(65535, back.secs());
        assertEquals("boot-server", back.sname());
        assertEquals("ipxe.efi", back.file());
        assertEquals(ip("10.0.0.4"), back.giaddr());
    }

    @Test
    public void headerFieldsSitAtTheirRfc2131Offsets() {
        byte[] b = DhcpCodec.encode(fullReply());
        assertEquals(2, b[0]);
        assertEquals(1, b[1]);
        assertEquals(6, b[2]);
        assertEquals(3, b[3]);
        assertArrayEquals(bytes(0xCA, 0xFE, 0xBA, 0xBE), Arrays.copyOfRange(b, 4, 8));
        assertArrayEquals(bytes(0xFF, 0xFF, 0x80, 0x00), Arrays.copyOfRange(b, 8, 12));
        assertArrayEquals(bytes(10, 0, 0, 1, 10, 0, 0, 2, 10, 0, 0, 3, 10, 0, 0, 4), Arrays.copyOfRange(b, 12, 28));
        assertArrayEquals(concat(MAC, new byte[10]), Arrays.copyOfRange(b, 28, 44));
        assertArrayEquals(concat(ascii("boot-server"), new byte[64 - 11]), Arrays.copyOfRange(b, 44, 108));
        assertArrayEquals(concat(ascii("ipxe.efi"), new byte[128 - 8]), Arrays.copyOfRange(b, 108, 236));
        assertArrayEquals(bytes(99, 130, 83, 99), Arrays.copyOfRange(b, 236, 240));
        assertArrayEquals(bytes(53, 1, 2), Arrays.copyOfRange(b, 240, 243));
    }

    @Test
    public void shortPacketsArePaddedTo300BytesAfterEnd() {
        DhcpPacket p = DhcpPacket.builder().options(DhcpOptions.builder().messageType(DhcpMessageType.DISCOVER).build()).build();
        byte[] b = DhcpCodec.encode(p);
        assertEquals(300, b.length);
        assertArrayEquals(bytes(53, 1, 1, 255), Arrays.copyOfRange(b, 240, 244));
        assertArrayEquals(new byte[300 - 244], Arrays.copyOfRange(b, 244, 300));
    }

    @Test
    public void packetWithoutOptionsStillHasCookieAndEnd() {
        byte[] b = DhcpCodec.encode(DhcpPacket.builder().build());
        assertEquals(300, b.length);
        assertArrayEquals(bytes(99, 130, 83, 99, 255), Arrays.copyOfRange(b, 236, 241));
    }

    @Test
    public void longPacketsAreNotPaddedAndEndWithEnd() {
        DhcpOptions options = DhcpOptions.builder().put(224, repeat(7, 100)).build();
        byte[] b = DhcpCodec.encode(DhcpPacket.builder().options(options).build());
        assertEquals(240 + 2 + 100 + 1, b.length);
        assertEquals((byte) 255, b[b.length - 1]);
    }

    @Test
    public void optionsAreWrittenInInsertionOrder() {
        DhcpOptions options = DhcpOptions.builder().put(200, bytes(1)).put(10, bytes(2)).put(100, bytes(3)).build();
        byte[] b = DhcpCodec.encode(DhcpPacket.builder().options(options).build());
        assertArrayEquals(bytes(200, 1, 1, 10, 1, 2, 100, 1, 3, 255), Arrays.copyOfRange(b, 240, 250));
        assertEquals(List.of(200, 10, 100), roundTrip(DhcpPacket.builder().options(options).build()).options().codes());
    }

    @Test
    public void longOptionsAreSplitIntoConsecutiveInstances() {
        byte[] value = new byte[600];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }
        DhcpPacket p = DhcpPacket.builder().options(DhcpOptions.builder().put(77, value).build()).build();
        byte[] b = DhcpCodec.encode(p);
        assertEquals(240 + 2 + 255 + 2 + 255 + 2 + 90 + 1, b.length);
        assertArrayEquals(bytes(77, 255), Arrays.copyOfRange(b, 240, 242));
        assertArrayEquals(bytes(77, 255), Arrays.copyOfRange(b, 497, 499));
        assertArrayEquals(bytes(77, 90), Arrays.copyOfRange(b, 754, 756));
        assertArrayEquals(value, decodeOk(b).options().get(77).orElseThrow());
    }

    @Test
    public void splitBoundariesAt255And256() {
        byte[] b255 = DhcpCodec.encode(DhcpPacket.builder().options(DhcpOptions.builder().put(224, repeat(1, 255)).build()).build());
        assertEquals(240 + 257 + 1, b255.length);
        byte[] b256 = DhcpCodec.encode(DhcpPacket.builder().options(DhcpOptions.builder().put(224, repeat(1, 256)).build()).build());
        assertEquals(240 + 257 + 3 + 1, b256.length);
        assertArrayEquals(bytes(224, 1, 1, 255), Arrays.copyOfRange(b256, 497, 501));
    }

    @Test
    public void emptyOptionValueIsWrittenAsCodeAndZeroLength() {
        DhcpPacket p = DhcpPacket.builder().options(DhcpOptions.builder().put(80, new byte[0]).build()).build();
        byte[] b = DhcpCodec.encode(p);
        assertArrayEquals(bytes(80, 0, 255), Arrays.copyOfRange(b, 240, 243));
        assertArrayEquals(new byte[0], decodeOk(b).options().get(80).orElseThrow());
    }

    @Test
    public void snameOf65BytesIsRejectedNamingFieldSizeAndLimit() {
        DhcpPacket p = DhcpPacket.builder().sname("s".repeat(65)).build();
        DhcpEncodeException e = assertThrows(DhcpEncodeException.class, () -> DhcpCodec.encode(p));
        assertEquals("sname", e.field());
        assertEquals(65, e.size());
        assertEquals(63, e.limit());
        assertTrue(e.getMessage(), e.getMessage().contains("sname is 65 bytes"));
        assertTrue(e.getMessage(), e.getMessage().contains("at most 63 plus the NUL terminator"));
    }

    @Test
    public void snameMustLeaveRoomForItsNul() {
        assertThrows(DhcpEncodeException.class, () -> DhcpCodec.encode(DhcpPacket.builder().sname("s".repeat(64)).build()));
        DhcpPacket ok = DhcpPacket.builder().sname("s".repeat(63)).build();
        byte[] b = DhcpCodec.encode(ok);
        assertEquals(0, b[44 + 63]);
        assertEquals(ok, decodeOk(b));
    }

    @Test
    public void fileOf129BytesIsRejectedNamingFieldSizeAndLimit() {
        DhcpPacket p = DhcpPacket.builder().file("f".repeat(129)).build();
        DhcpEncodeException e = assertThrows(DhcpEncodeException.class, () -> DhcpCodec.encode(p));
        assertEquals("file", e.field());
        assertEquals(129, e.size());
        assertEquals(127, e.limit());
        assertTrue(e.getMessage(), e.getMessage().contains("file is 129 bytes"));
        assertTrue(e.getMessage(), e.getMessage().contains("128-byte field"));
    }

    @Test
    public void fileMustLeaveRoomForItsNul() {
        assertThrows(DhcpEncodeException.class, () -> DhcpCodec.encode(DhcpPacket.builder().file("f".repeat(128)).build()));
        DhcpPacket ok = DhcpPacket.builder().file("f".repeat(127)).build();
        assertEquals(ok, roundTrip(ok));
    }

    @Test
    public void headerLimitsCountUtf8BytesNotCharacters() {
        DhcpPacket p = DhcpPacket.builder().sname("\u00e9".repeat(32)).build();
        DhcpEncodeException e = assertThrows(DhcpEncodeException.class, () -> DhcpCodec.encode(p));
        assertEquals(64, e.size());
        DhcpPacket fits = DhcpPacket.builder().file("bo\u00eete.efi").build();
        assertEquals("bo\u00eete.efi", roundTrip(fits).file());
    }

    @Test
    public void nulInsideAHeaderStringIsRejected() {
        DhcpEncodeException e = assertThrows(DhcpEncodeException.class,
                () -> DhcpCodec.encode(DhcpPacket.builder().file("a\0b").build()));
        assertEquals("file", e.field());
        assertTrue(e.getMessage(), e.getMessage().contains("NUL"));
    }

    @Test
    public void rejectionIsAnIllegalArgumentException() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DhcpCodec.encode(DhcpPacket.builder().file("f".repeat(200)).build()));
        assertTrue(e instanceof DhcpEncodeException);
    }

    @Test
    public void option43Over255BytesIsRejectedNotSplit() {
        DhcpPacket p = DhcpPacket.builder().options(DhcpOptions.builder().put(43, repeat(0, 300)).build()).build();
        DhcpEncodeException e = assertThrows(DhcpEncodeException.class, () -> DhcpCodec.encode(p));
        assertEquals("43 (VENDOR_SPECIFIC)", e.field());
        assertEquals(300, e.size());
        assertEquals(255, e.limit());
        assertTrue(e.getMessage(), e.getMessage().contains("option 43 (VENDOR_SPECIFIC) is 300 bytes"));
        assertTrue(e.getMessage(), e.getMessage().contains("does not join split options"));
    }

    @Test
    public void option43OfExactly255BytesIsAccepted() {
        DhcpPacket p = DhcpPacket.builder().options(DhcpOptions.builder().put(43, repeat(0, 255)).build()).build();
        assertEquals(p, roundTrip(p));
    }

    @Test
    public void headerStringsEndAtTheFirstNul() {
        byte[] b = header();
        System.arraycopy(ascii("srv\0junk"), 0, b, 44, 8);
        System.arraycopy(ascii("pxelinux.0\0old-name"), 0, b, 108, 19);
        DhcpPacket p = decodeOk(b);
        assertEquals("srv", p.sname());
        assertEquals("pxelinux.0", p.file());
    }

    @Test
    public void headerStringsWithoutNulAreReadToTheFieldEnd() {
        byte[] b = header();
        Arrays.fill(b, 44, 108, (byte) 'x');
        Arrays.fill(b, 108, 236, (byte) 'y');
        DhcpPacket p = decodeOk(b);
        assertEquals("x".repeat(64), p.sname());
        assertEquals("y".repeat(128), p.file());
    }

    @Test
    public void macHelpersForEthernet() {
        DhcpPacket p = DhcpPacket.builder().macAddress(MAC).build();
        assertEquals(Optional.of("52:54:00:12:34:56"), p.macString());
        assertArrayEquals(MAC, p.macAddress().orElseThrow());
        assertArrayEquals(MAC, p.hardwareAddress());
        assertEquals(16, p.chaddr().length);
    }

    @Test
    public void macHelpersAreEmptyForOtherHardware() {
        DhcpPacket infiniband = DhcpPacket.builder().htype(32).hlen(0).chaddr(new byte[16]).build();
        assertEquals(Optional.empty(), infiniband.macString());
        assertEquals(Optional.empty(), infiniband.macAddress());
        DhcpPacket eightBytes = DhcpPacket.builder().htype(1).hlen(8).chaddr(repeat(0xAB, 16)).build();
        assertEquals(Optional.empty(), eightBytes.macString());
        assertArrayEquals(repeat(0xAB, 8), eightBytes.hardwareAddress());
    }

    @Test
    public void broadcastFlagHelper() {
        DhcpPacket b = DhcpPacket.builder().flags(0x8001).build();
        assertTrue(b.isBroadcast());
        DhcpPacket cleared = b.toBuilder().broadcast(false).build();
        assertFalse(cleared.isBroadcast());
        assertEquals(0x0001, cleared.flags());
    }

    @Test
    public void chaddrIsCopiedInAndOut() {
        byte[] mac = MAC.clone();
        DhcpPacket p = DhcpPacket.builder().chaddr(mac).build();
        mac[0] = 0;
        p.chaddr()[1] = 0;
        assertEquals(Optional.of("52:54:00:12:34:56"), p.macString());
        DhcpPacket q = new DhcpPacket(1, 1, 6, 0, 0, 0, 0, Bytes.ANY, Bytes.ANY, Bytes.ANY, Bytes.ANY, mac,
                "", "", DhcpOptions.empty());
        mac[1] = 9;
        assertEquals(0x54, q.chaddr()[1]);
    }

    @Test
    public void constructorRejectsOutOfRangeFields() {
        assertThrows(IllegalArgumentException.class, () -> DhcpPacket.builder().op(3).build());
        assertThrows(IllegalArgumentException.class, () -> DhcpPacket.builder().hlen(17).build());
        assertThrows(IllegalArgumentException.class, () -> DhcpPacket.builder().secs(65536).build());
        assertThrows(IllegalArgumentException.class, () -> DhcpPacket.builder().flags(-1).build());
        assertThrows(IllegalArgumentException.class, () -> DhcpPacket.builder().chaddr(new byte[17]).build());
    }

    @Test
    public void toBuilderCopiesEveryField() {
        DhcpPacket p = fullReply();
        assertEquals(p, p.toBuilder().build());
        assertNotEquals(p, p.toBuilder().hops(4).build());
        assertNotEquals(p, p.toBuilder().file("other").build());
    }

    @Test
    public void decodesASliceOfALargerArray() {
        byte[] packet = DhcpCodec.encode(fullReply());
        byte[] framed = concat(repeat(0xEE, 17), packet, repeat(0xEE, 5));
        DhcpPacket p = decodeOk(Arrays.copyOfRange(packet, 0, packet.length));
        DecodeResult r = DhcpCodec.decode(framed, 17, packet.length);
        assertEquals(new DecodeResult.Decoded(p), r);
    }

    @Test
    public void decodesAByteBufferWithoutMovingIt() {
        byte[] packet = DhcpCodec.encode(fullReply());
        ByteBuffer buf = ByteBuffer.wrap(concat(repeat(0, 3), packet));
        buf.position(3);
        DecodeResult r = DhcpCodec.decode(buf);
        assertEquals(new DecodeResult.Decoded(fullReply()), r);
        assertEquals(3, buf.position());
    }

    @Test
    public void argumentErrorsAreNotTreatedAsInput() {
        assertThrows(IndexOutOfBoundsException.class, () -> DhcpCodec.decode(new byte[10], 5, 10));
        assertThrows(NullPointerException.class, () -> DhcpCodec.decode((byte[]) null));
    }

    @Test
    public void plainBootpRequestWithoutMessageTypeDecodes() {
        DhcpPacket p = decodeOk(withOptions(255));
        assertEquals(Optional.empty(), p.messageType());
        assertTrue(p.options().isEmpty());
    }
}
