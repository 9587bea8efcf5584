package org.karafpxe.dhcp.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A DHCPv6 message (RFC 8415): its type, transaction id and options, each kept as its code and
 * value. Decoding never throws: anything malformed is empty. What it keeps is bounded: at most
 * {@link #MAX_LENGTH} bytes are read, and at most {@link #MAX_OPTIONS} options kept.
 *
 * @param type    the message type (1 SOLICIT, 2 ADVERTISE, ...)
 * @param xid     the 24-bit transaction id
 * @param options the options, in order
 */
record Dhcp6Message(int type, int xid, List<Option> options) {

    static final int SOLICIT = 1;
    static final int ADVERTISE = 2;
    static final int REQUEST = 3;
    static final int REPLY = 7;
    static final int RELEASE = 8;
    static final int DECLINE = 9;
    static final int INFORMATION_REQUEST = 11;

    static final int CLIENT_ID = 1;
    static final int SERVER_ID = 2;
    static final int IA_NA = 3;
    static final int PREFERENCE = 7;
    static final int STATUS_CODE = 13;
    static final int USER_CLASS = 15;
    static final int VENDOR_CLASS = 16;
    static final int BOOTFILE_URL = 59;
    static final int CLIENT_ARCH_TYPE = 61;

    /** Intel's enterprise number, under which UEFI firmware sends "PXEClient" and "HTTPClient". */
    static final int ENTERPRISE_INTEL = 343;

    /** A client message over UDP fits one Ethernet frame; a longer one is not kept. */
    static final int MAX_LENGTH = 1500;
    static final int MAX_OPTIONS = 64;
    static final int MAX_USER_CLASSES = 8;
    /** A DUID is at most 128 bytes with its 2-byte type (RFC 8415 section 11.1). */
    static final int MAX_DUID = 130;

    /** One option: its code and a copy of its value. */
    record Option(int code, byte[] value) {
        Option {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }
    }

    Dhcp6Message {
        options = List.copyOf(options);
    }

    /** The first option with this code. */
    Optional<byte[]> option(int code) {
        return options.stream().filter(o -> o.code() == code).findFirst().map(Option::value);
    }

    /** The client's DUID (option 1), when it has one of an allowed length. */
    Optional<byte[]> clientId() {
        return option(CLIENT_ID).filter(d -> d.length >= 2 && d.length <= MAX_DUID);
    }

    /**
     * The first vendor class string (option 16), e.g. {@code HTTPClient:Arch:00016:UNDI:003000},
     * whatever the enterprise number; printable ASCII only.
     */
    Optional<String> vendorClass() {
        Optional<byte[]> v = option(VENDOR_CLASS);
        if (v.isEmpty() || v.get().length < 6) {
            return Optional.empty();
        }
        byte[] b = v.get();
        int length = (b[4] & 0xff) << 8 | (b[5] & 0xff);
        if (length == 0 || 6 + length > b.length) {
            return Optional.empty();
        }
        for (int i = 6; i < 6 + length; i++) {
            if (b[i] < 0x20 || b[i] > 0x7e) {
                return Optional.empty();
            }
        }
        return Optional.of(new String(b, 6, length, StandardCharsets.US_ASCII));
    }

    /**
     * The user classes (option 15: each a 2-byte length and its data), printable ASCII only; iPXE
     * sends "iPXE". At most {@value #MAX_USER_CLASSES} are kept; a malformed option gives none.
     */
    List<String> userClasses() {
        Optional<byte[]> v = option(USER_CLASS);
        if (v.isEmpty()) {
            return List.of();
        }
        byte[] b = v.get();
        List<String> classes = new ArrayList<>();
        int p = 0;
        while (p < b.length && classes.size() < MAX_USER_CLASSES) {
            if (b.length - p < 2) {
                return List.of();
            }
            int length = (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
            p += 2;
            if (length > b.length - p) {
                return List.of();
            }
            for (int i = p; i < p + length; i++) {
                if (b[i] < 0x20 || b[i] > 0x7e) {
                    return List.of();
                }
            }
            classes.add(new String(b, p, length, StandardCharsets.US_ASCII));
            p += length;
        }
        return List.copyOf(classes);
    }

    /** The first architecture type (option 61), e.g. 16 for x64 UEFI HTTP boot. */
    Optional<Integer> architecture() {
        return option(CLIENT_ARCH_TYPE).filter(a -> a.length >= 2).map(a -> (a[0] & 0xff) << 8 | (a[1] & 0xff));
    }

    /** Decodes a datagram; empty when it is not a well-formed DHCPv6 client or server message. */
    static Optional<Dhcp6Message> decode(byte[] data, int offset, int length) {
        if (offset < 0 || length < 4 || length > MAX_LENGTH || offset + length > data.length) {
            return Optional.empty();
        }
        int type = data[offset] & 0xff;
        // Relay messages (12, 13) have another layout; nothing here reads them.
        if (type == 0 || type >= 12) {
            return Optional.empty();
        }
        int xid = (data[offset + 1] & 0xff) << 16 | (data[offset + 2] & 0xff) << 8 | (data[offset + 3] & 0xff);
        List<Option> options = new ArrayList<>();
        int p = offset + 4;
        int end = offset + length;
        while (p < end) {
            if (end - p < 4) {
                return Optional.empty();
            }
            int code = (data[p] & 0xff) << 8 | (data[p + 1] & 0xff);
            int len = (data[p + 2] & 0xff) << 8 | (data[p + 3] & 0xff);
            p += 4;
            if (len > end - p) {
                return Optional.empty();
            }
            if (options.size() == MAX_OPTIONS) {
                return Optional.empty();
            }
            byte[] value = new byte[len];
            System.arraycopy(data, p, value, 0, len);
            options.add(new Option(code, value));
            p += len;
        }
        return Optional.of(new Dhcp6Message(type, xid, options));
    }

    /** The message on the wire. */
    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.write(type);
        out.write(xid >>> 16);
        out.write(xid >>> 8);
        out.write(xid);
        for (Option o : options) {
            byte[] v = o.value;
            if (v.length > 0xffff) {
                throw new IllegalArgumentException("option " + o.code() + " is longer than 65535 bytes");
            }
            out.write(o.code() >>> 8);
            out.write(o.code());
            out.write(v.length >>> 8);
            out.write(v.length);
            out.write(v, 0, v.length);
        }
        return out.toByteArray();
    }

    /** A vendor class option value: the enterprise number and one class string. */
    static byte[] vendorClassValue(int enterprise, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        byte[] v = new byte[6 + t.length];
        v[0] = (byte) (enterprise >>> 24);
        v[1] = (byte) (enterprise >>> 16);
        v[2] = (byte) (enterprise >>> 8);
        v[3] = (byte) enterprise;
        v[4] = (byte) (t.length >>> 8);
        v[5] = (byte) t.length;
        System.arraycopy(t, 0, v, 6, t.length);
        return v;
    }
}
