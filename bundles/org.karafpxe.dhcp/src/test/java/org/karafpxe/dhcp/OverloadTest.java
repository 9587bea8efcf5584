package org.karafpxe.dhcp;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.karafpxe.dhcp.RawPackets.ascii;
import static org.karafpxe.dhcp.RawPackets.bytes;
import static org.karafpxe.dhcp.RawPackets.concat;
import static org.karafpxe.dhcp.RawPackets.decodeBad;
import static org.karafpxe.dhcp.RawPackets.decodeOk;
import static org.karafpxe.dhcp.RawPackets.header;
import static org.karafpxe.dhcp.RawPackets.roundTrip;

import java.util.List;
import java.util.Optional;
import org.junit.Test;

/** Option 52: options carried in the file and sname header fields (RFC 2131 section 4.1). */
public class OverloadTest {

    private static byte[] packet(byte[] options, byte[] sname, byte[] file) {
        byte[] h = header();
        System.arraycopy(sname, 0, h, 44, sname.length);
        System.arraycopy(file, 0, h, 108, file.length);
        return concat(h, options);
    }

    @Test
    public void overload1ReadsOptionsFromFile() {
        byte[] p = packet(bytes(53, 1, 2, 52, 1, 1, 255),
                ascii("keep-this-sname"),
                concat(bytes(67, 8), ascii("ipxe.efi"), bytes(255)));
        DhcpPacket d = decodeOk(p);
        assertEquals(Optional.of("ipxe.efi"), d.options().bootFileName());
        assertEquals("", d.file());
        assertEquals("keep-this-sname", d.sname());
        assertEquals(Optional.of(DhcpMessageType.OFFER), d.messageType());
    }

    @Test
    public void overload2ReadsOptionsFromSname() {
        byte[] p = packet(bytes(52, 1, 2, 255),
                concat(bytes(66, 10), ascii("10.213.0.2"), bytes(255)),
                ascii("pxelinux.0"));
        DhcpPacket d = decodeOk(p);
        assertEquals(Optional.of("10.213.0.2"), d.options().tftpServerName());
        assertEquals("", d.sname());
        assertEquals("pxelinux.0", d.file());
    }

    @Test
    public void overload3JoinsOptionsFieldThenFileThenSname() {
        byte[] p = packet(bytes(52, 1, 3, 224, 1, 'A', 255),
                bytes(224, 1, 'C', 255),
                bytes(224, 1, 'B', 53, 1, 5, 255));
        DhcpPacket d = decodeOk(p);
        assertArrayEquals(ascii("ABC"), d.options().get(224).orElseThrow());
        assertEquals(List.of(224, 53), d.options().codes());
        assertEquals("", d.sname());
        assertEquals("", d.file());
    }

    @Test
    public void overloadedFieldMayEndWithoutEnd() {
        byte[] file = new byte[128];
        file[0] = 60;
        file[1] = 126;
        System.arraycopy(ascii("x".repeat(126)), 0, file, 2, 126);
        DhcpPacket d = decodeOk(packet(bytes(52, 1, 1, 255), new byte[0], file));
        assertEquals(Optional.of("x".repeat(126)), d.options().vendorClass());
    }

    @Test
    public void option52IsConsumedByTheDecoder() {
        DhcpPacket d = decodeOk(packet(bytes(52, 1, 1, 255), new byte[0], bytes(61, 1, 7)));
        assertFalse(d.options().contains(52));
        assertTrue(d.options().contains(61));
    }

    @Test
    public void reencodedOverloadedPacketCarriesEverythingInTheOptionsField() {
        DhcpPacket d = decodeOk(packet(bytes(53, 1, 5, 52, 1, 3, 255),
                concat(bytes(66, 3), ascii("tft"), bytes(255)),
                concat(bytes(67, 4), ascii("boot"), bytes(255))));
        byte[] again = DhcpCodec.encode(d);
        assertEquals(0, again[44]);
        assertEquals(0, again[108]);
        assertEquals(d, decodeOk(again));
        assertEquals(d, roundTrip(d));
    }

    @Test
    public void overloadValueOutside1To3IsBad() {
        DecodeResult.Malformed m = decodeBad(packet(bytes(52, 1, 4, 255), new byte[0], new byte[0]),
                DropReason.BAD_OVERLOAD);
        assertTrue(m.detail(), m.detail().contains("04"));
        decodeBad(packet(bytes(52, 1, 0, 255), new byte[0], new byte[0]), DropReason.BAD_OVERLOAD);
        decodeBad(packet(bytes(52, 2, 1, 1, 255), new byte[0], new byte[0]), DropReason.BAD_OVERLOAD);
        decodeBad(packet(bytes(52, 0, 255), new byte[0], new byte[0]), DropReason.BAD_OVERLOAD);
    }

    @Test
    public void overloadPointingAtGarbageInFileIsBad() {
        byte[] file = new byte[128];
        // A name that does not start at offset 0: 'i' reads as a code, 'p' as a 112-byte length.
        System.arraycopy(ascii("ipxe.efi"), 0, file, 120, 8);
        DecodeResult.Malformed m = decodeBad(packet(bytes(52, 1, 1, 255), new byte[0], file), DropReason.BAD_OVERLOAD);
        assertTrue(m.detail(), m.detail().contains("file field"));
    }

    @Test
    public void overloadPointingAtGarbageInSnameIsBad() {
        byte[] sname = RawPackets.repeat(0xC8, 64);
        DecodeResult.Malformed m = decodeBad(packet(bytes(52, 1, 2, 255), sname, new byte[0]), DropReason.BAD_OVERLOAD);
        assertTrue(m.detail(), m.detail().contains("sname field"));
    }

    @Test
    public void option52RepeatedInsideTheOverloadedFieldIsBad() {
        decodeBad(packet(bytes(52, 1, 1, 255), new byte[0], bytes(52, 1, 2, 255)), DropReason.BAD_OVERLOAD);
    }

    @Test
    public void withoutOverloadTheFieldsAreStringsEvenIfTheyLookLikeOptions() {
        DhcpPacket d = decodeOk(packet(bytes(255), new byte[0], concat(bytes(67, 4), ascii("boot"))));
        assertEquals(Optional.empty(), d.options().bootFileName());
        assertEquals("C\u0004boot", d.file());
    }
}
