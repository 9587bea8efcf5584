package org.karafpxe.dhcp;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.karafpxe.dhcp.RawPackets.bytes;
import static org.karafpxe.dhcp.RawPackets.concat;
import static org.karafpxe.dhcp.RawPackets.decodeBad;
import static org.karafpxe.dhcp.RawPackets.decodeOk;
import static org.karafpxe.dhcp.RawPackets.header;
import static org.karafpxe.dhcp.RawPackets.withOptions;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.Test;

public class MalformedPacketTest {

    @Test
    public void emptyDatagramIsTooShort() {
        DecodeResult.Malformed m = decodeBad(new byte[0], DropReason.TOO_SHORT);
        assertTrue(m.detail(), m.detail().startsWith("0 bytes"));
    }

    @Test
    public void oneByteIsTooShort() {
        decodeBad(bytes(1), DropReason.TOO_SHORT);
    }

    @Test
    public void bareBootpHeaderOf235BytesIsTooShort() {
        decodeBad(Arrays.copyOf(header(), 235), DropReason.TOO_SHORT);
    }

    @Test
    public void headerWithoutFullCookieIsTooShort() {
        DecodeResult.Malformed m = decodeBad(Arrays.copyOf(header(), 239), DropReason.TOO_SHORT);
        assertTrue(m.detail(), m.detail().contains("239"));
    }

    @Test
    public void headerAndCookieAloneDecode() {
        DhcpPacket p = decodeOk(header());
        assertTrue(p.options().isEmpty());
    }

    @Test
    public void wrongCookieIsRejected() {
        byte[] b = withOptions(53, 1, 1, 255);
        b[239] = 98;
        DecodeResult.Malformed m = decodeBad(b, DropReason.BAD_MAGIC_COOKIE);
        assertTrue(m.detail(), m.detail().contains("0x63825362"));
    }

    @Test
    public void plainBootpVendorAreaIsRejectedAsNotDhcp() {
        byte[] b = header();
        Arrays.fill(b, 236, 240, (byte) 0);
        decodeBad(concat(b, new byte[60]), DropReason.BAD_MAGIC_COOKIE);
    }

    @Test
    public void opOtherThanRequestOrReplyIsRejected() {
        byte[] b = header();
        b[0] = 0;
        decodeBad(b, DropReason.BAD_OP);
        b[0] = 3;
        decodeBad(b, DropReason.BAD_OP);
        b[0] = 2;
        assertEquals(DhcpPacket.BOOTREPLY, decodeOk(b).op());
    }

    @Test
    public void hlenAbove16IsRejected() {
        byte[] b = header();
        b[2] = 17;
        DecodeResult.Malformed m = decodeBad(b, DropReason.BAD_HLEN);
        assertTrue(m.detail(), m.detail().contains("17"));
        b[2] = (byte) 255;
        decodeBad(b, DropReason.BAD_HLEN);
        b[2] = 16;
        assertEquals(16, decodeOk(b).hlen());
    }

    @Test
    public void optionLengthPastTheEndIsTruncated() {
        DecodeResult.Malformed m = decodeBad(withOptions(53, 1, 1, 60, 9, 'P', 'X', 'E'), DropReason.OPTION_TRUNCATED);
        assertTrue(m.detail(), m.detail().contains("option 60"));
        assertTrue(m.detail(), m.detail().contains("declares 9 bytes but only 3 remain"));
    }

    @Test
    public void optionWithoutLengthByteIsTruncated() {
        DecodeResult.Malformed m = decodeBad(withOptions(53, 1, 1, 60), DropReason.OPTION_TRUNCATED);
        assertTrue(m.detail(), m.detail().contains("no length byte"));
    }

    @Test
    public void messageTypeOfWrongLengthIsRejected() {
        decodeBad(withOptions(53, 2, 1, 1, 255), DropReason.BAD_MESSAGE_TYPE);
        decodeBad(withOptions(53, 0, 255), DropReason.BAD_MESSAGE_TYPE);
        // Split over two instances, the joined value is two bytes as well.
        decodeBad(withOptions(53, 1, 1, 53, 1, 1, 255), DropReason.BAD_MESSAGE_TYPE);
    }

    @Test
    public void missingEndIsToleratedWhenTheDatagramEndsOnAnOptionBoundary() {
        DhcpPacket p = decodeOk(withOptions(53, 1, 1, 57, 2, 5, 0xC0));
        assertEquals(Optional.of(DhcpMessageType.DISCOVER), p.messageType());
        assertEquals(List.of(53, 57), p.options().codes());
    }

    @Test
    public void bytesAfterEndAreIgnored() {
        DhcpPacket p = decodeOk(withOptions(53, 1, 1, 255, 60, 200, 0xFF, 0xEE));
        assertEquals(List.of(53), p.options().codes());
    }

    @Test
    public void onlyPaddingIsFine() {
        assertTrue(decodeOk(concat(header(), new byte[60])).options().isEmpty());
    }
}
