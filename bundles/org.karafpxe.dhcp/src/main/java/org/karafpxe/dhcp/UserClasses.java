package org.karafpxe.dhcp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Option 77 in its two shapes: RFC 3004 (length-prefixed strings, sent by e.g. dhcpcd) and the
 * bare string iPXE sends ("iPXE"). The bytes do not say which, so a value is taken as RFC 3004
 * only when it parses as such exactly: every length non-zero and the last string ending on the
 * last byte. A bare string whose first byte happens to be such a length would be misread; with
 * printable class names that needs a first character below 0x20, which does not occur.
 */
final class UserClasses {

    private UserClasses() {
    }

    static List<String> parse(byte[] v) {
        if (v.length == 0) {
            return List.of();
        }
        List<String> classes = new ArrayList<>();
        int i = 0;
        while (i < v.length) {
            int length = Bytes.u8(v, i);
            if (length == 0 || length > v.length - i - 1) {
                return List.of(Bytes.optionText(v));
            }
            classes.add(Bytes.optionText(Arrays.copyOfRange(v, i + 1, i + 1 + length)));
            i += 1 + length;
        }
        return List.copyOf(classes);
    }

    static byte[] rfc3004(List<String> classes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String c : classes) {
            byte[] b = Bytes.utf8(c);
            if (b.length == 0 || b.length > 255) {
                throw new IllegalArgumentException("user class \"" + c + "\" is " + b.length
                        + " bytes; RFC 3004 needs 1..255");
            }
            out.write(b.length);
            out.write(b, 0, b.length);
        }
        return out.toByteArray();
    }
}
