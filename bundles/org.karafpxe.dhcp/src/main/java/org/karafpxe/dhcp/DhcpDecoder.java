package org.karafpxe.dhcp;

import static org.karafpxe.dhcp.BootpLayout.*;

import java.util.Arrays;

/**
 * Datagram to {@link DecodeResult}. Written so that no input can make it throw: every read is
 * preceded by a length check, and the fuzz test holds it to that.
 */
final class DhcpDecoder {

    private static final int OPTION_OVERLOAD = 52;
    private static final int OPTION_MESSAGE_TYPE = 53;

    private DhcpDecoder() {
    }

    static DecodeResult decode(byte[] datagram, int offset, int length) {
        return decodeOwned(Arrays.copyOfRange(datagram, offset, offset + length));
    }

    /**
     * Decodes an array of the datagram's exact length that nobody changes while this runs, such as a
     * fresh copy; every value decoded is copied out of it, so no reference to it is kept.
     */
    static DecodeResult decodeOwned(byte[] b) {
        if (b.length < OPTIONS) {
            return malformed(DropReason.TOO_SHORT, b.length + " bytes; the BOOTP header and magic cookie need "
                    + OPTIONS);
        }
        int op = Bytes.u8(b, OP);
        if (op != DhcpPacket.BOOTREQUEST && op != DhcpPacket.BOOTREPLY) {
            return malformed(DropReason.BAD_OP, "op " + op + " is neither BOOTREQUEST (1) nor BOOTREPLY (2)");
        }
        int hlen = Bytes.u8(b, HLEN);
        if (hlen > DhcpPacket.CHADDR_LENGTH) {
            return malformed(DropReason.BAD_HLEN, "hlen " + hlen + " exceeds the 16-byte chaddr field");
        }
        int cookie = Bytes.s32(b, COOKIE);
        if (cookie != MAGIC_COOKIE) {
            return malformed(DropReason.BAD_MAGIC_COOKIE, String.format("cookie 0x%08x, expected 0x%08x", cookie,
                    MAGIC_COOKIE));
        }

        OptionAccumulator options = new OptionAccumulator();
        if (!options.readArea(b, OPTIONS, b.length, "options field")) {
            return malformed(DropReason.OPTION_TRUNCATED, options.problem());
        }
        int overload = 0;
        if (options.length(OPTION_OVERLOAD) >= 0) {
            byte[] v = options.value(OPTION_OVERLOAD);
            if (v.length != 1 || v[0] < OVERLOAD_FILE || v[0] > OVERLOAD_BOTH) {
                return malformed(DropReason.BAD_OVERLOAD, "option 52 is " + Bytes.hex(v) + "; expected one byte of 1, 2 or 3");
            }
            overload = v[0];
            // RFC 2131 order: the options field, then file, then sname.
            if ((overload & OVERLOAD_FILE) != 0 && !options.readArea(b, FILE, FILE + FILE_LENGTH, "file field")) {
                return malformed(DropReason.BAD_OVERLOAD, "option 52 points at the file field, but " + options.problem());
            }
            if ((overload & OVERLOAD_SNAME) != 0 && !options.readArea(b, SNAME, SNAME + SNAME_LENGTH, "sname field")) {
                return malformed(DropReason.BAD_OVERLOAD, "option 52 points at the sname field, but " + options.problem());
            }
            if (options.length(OPTION_OVERLOAD) != 1) {
                return malformed(DropReason.BAD_OVERLOAD, "option 52 appears again inside an overloaded field");
            }
        }
        int typeLength = options.length(OPTION_MESSAGE_TYPE);
        if (typeLength >= 0 && typeLength != 1) {
            return malformed(DropReason.BAD_MESSAGE_TYPE, "option 53 is " + typeLength + " bytes; expected 1");
        }

        String sname = (overload & OVERLOAD_SNAME) != 0 ? "" : Bytes.fieldText(b, SNAME, SNAME + SNAME_LENGTH);
        String file = (overload & OVERLOAD_FILE) != 0 ? "" : Bytes.fieldText(b, FILE, FILE + FILE_LENGTH);
        DhcpPacket packet = new DhcpPacket(
                op,
                Bytes.u8(b, HTYPE),
                hlen,
                Bytes.u8(b, HOPS),
                Bytes.s32(b, XID),
                Bytes.u16(b, SECS),
                Bytes.u16(b, FLAGS),
                Bytes.ipv4(b, CIADDR),
                Bytes.ipv4(b, YIADDR),
                Bytes.ipv4(b, SIADDR),
                Bytes.ipv4(b, GIADDR),
                Arrays.copyOfRange(b, CHADDR, CHADDR + DhcpPacket.CHADDR_LENGTH),
                sname,
                file,
                // Option 52 only described where the options were; once merged it means nothing.
                new DhcpOptions(options.toMap(OPTION_OVERLOAD)));
        return new DecodeResult.Decoded(packet);
    }

    private static DecodeResult malformed(DropReason reason, String detail) {
        return new DecodeResult.Malformed(reason, detail);
    }
}
