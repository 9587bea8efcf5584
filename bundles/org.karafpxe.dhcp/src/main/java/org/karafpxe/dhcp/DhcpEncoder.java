package org.karafpxe.dhcp;

import static org.karafpxe.dhcp.BootpLayout.*;


/**
 * {@link DhcpPacket} to datagram bytes. Everything is checked before anything is written, so a
 * value that does not fit fails the whole encode instead of producing a short or cut packet.
 */
final class DhcpEncoder {

    private static final int MAX_OPTION_LENGTH = 255;
    private static final int OPTION_VENDOR_SPECIFIC = 43;

    private DhcpEncoder() {
    }

    static byte[] encode(DhcpPacket p) {
        byte[] sname = headerText("sname", p.sname(), SNAME_LENGTH);
        byte[] file = headerText("file", p.file(), FILE_LENGTH);
        OptionMap options = p.options().map();

        int size = OPTIONS + 1; // options plus END
        for (int i = 0; i < options.size(); i++) {
            int length = options.rawAt(i).length;
            if (options.codeAt(i) == OPTION_VENDOR_SPECIFIC && length > MAX_OPTION_LENGTH) {
                String field = OptionCode.describe(OPTION_VENDOR_SPECIFIC);
                throw new DhcpEncodeException(field, length, MAX_OPTION_LENGTH, "option " + field + " is " + length
                        + " bytes; it must fit one " + MAX_OPTION_LENGTH
                        + "-byte option because PXE firmware does not join split options");
            }
            size += length + 2 * instances(length);
        }

        byte[] out = new byte[Math.max(size, MIN_ENCODED_LENGTH)];
        out[OP] = (byte) p.op();
        out[HTYPE] = (byte) p.htype();
        out[HLEN] = (byte) p.hlen();
        out[HOPS] = (byte) p.hops();
        Bytes.putS32(out, XID, p.xid());
        Bytes.putU16(out, SECS, p.secs());
        Bytes.putU16(out, FLAGS, p.flags());
        System.arraycopy(p.ciaddr().getAddress(), 0, out, CIADDR, 4);
        System.arraycopy(p.yiaddr().getAddress(), 0, out, YIADDR, 4);
        System.arraycopy(p.siaddr().getAddress(), 0, out, SIADDR, 4);
        System.arraycopy(p.giaddr().getAddress(), 0, out, GIADDR, 4);
        System.arraycopy(p.chaddr(), 0, out, CHADDR, DhcpPacket.CHADDR_LENGTH);
        System.arraycopy(sname, 0, out, SNAME, sname.length);
        System.arraycopy(file, 0, out, FILE, file.length);
        Bytes.putS32(out, COOKIE, MAGIC_COOKIE);

        int pos = OPTIONS;
        for (int i = 0; i < options.size(); i++) {
            pos = writeOption(out, pos, options.codeAt(i), options.rawAt(i));
        }
        out[pos] = (byte) 255;
        return out;
    }

    /** Values over 255 bytes go out as consecutive instances of the code (RFC 3396). */
    private static int writeOption(byte[] out, int pos, int code, byte[] value) {
        int written = 0;
        do {
            int chunk = Math.min(MAX_OPTION_LENGTH, value.length - written);
            out[pos++] = (byte) code;
            out[pos++] = (byte) chunk;
            System.arraycopy(value, written, out, pos, chunk);
            pos += chunk;
            written += chunk;
        } while (written < value.length);
        return pos;
    }

    private static int instances(int length) {
        return Math.max(1, (length + MAX_OPTION_LENGTH - 1) / MAX_OPTION_LENGTH);
    }

    /**
     * The field must keep a NUL after the text: RFC 2131 calls both fields null-terminated and
     * firmware copies them as C strings, so a full 64/128-byte name could run into the next field.
     */
    private static byte[] headerText(String field, String text, int fieldLength) {
        byte[] bytes = Bytes.utf8(text);
        if (text.indexOf('\0') >= 0) {
            throw new DhcpEncodeException(field, bytes.length, fieldLength - 1,
                    field + " contains a NUL character at index " + text.indexOf('\0')
                            + ", which would end it early on the wire");
        }
        if (bytes.length > fieldLength - 1) {
            throw new DhcpEncodeException(field, bytes.length, fieldLength - 1, field + " is " + bytes.length
                    + " bytes in UTF-8; the " + fieldLength + "-byte field holds at most " + (fieldLength - 1)
                    + " plus the NUL terminator");
        }
        return bytes;
    }
}
