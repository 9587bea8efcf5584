package org.karafpxe.dhcp;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads code/length/value runs from one or more areas and joins repeated codes (RFC 3396), so
 * that options split across the options, file and sname fields come out whole. Every index is
 * checked before it is read: this is the code that faces arbitrary bytes.
 */
final class OptionAccumulator {

    private final Map<Integer, ByteArrayOutputStream> values = new LinkedHashMap<>();
    private String problem;

    /**
     * Scans {@code buf[start, end)} up to END or the area's end.
     *
     * @return false if an option lacks its length byte or overruns the area; {@link #problem()}
     *     then says which and where
     */
    boolean readArea(byte[] buf, int start, int end, String area) {
        int i = start;
        while (i < end) {
            int code = Bytes.u8(buf, i);
            if (code == 0) {
                i++;
                continue;
            }
            if (code == 255) {
                return true;
            }
            if (i + 1 >= end) {
                problem = "option " + code + " at offset " + (i - start) + " of the " + area
                        + " has no length byte";
                return false;
            }
            int length = Bytes.u8(buf, i + 1);
            int valueStart = i + 2;
            if (length > end - valueStart) {
                problem = "option " + code + " at offset " + (i - start) + " of the " + area + " declares "
                        + length + " bytes but only " + (end - valueStart) + " remain";
                return false;
            }
            values.computeIfAbsent(code, c -> new ByteArrayOutputStream()).write(buf, valueStart, length);
            i = valueStart + length;
        }
        return true;
    }

    String problem() {
        return problem;
    }

    /** Length of the joined value so far, or -1 if the code has not been seen. */
    int length(int code) {
        ByteArrayOutputStream v = values.get(code);
        return v == null ? -1 : v.size();
    }

    byte[] value(int code) {
        ByteArrayOutputStream v = values.get(code);
        return v == null ? null : v.toByteArray();
    }

    OptionMap toMap(int... excluded) {
        LinkedHashMap<Integer, byte[]> map = new LinkedHashMap<>();
        values.forEach((code, value) -> {
            for (int x : excluded) {
                if (x == code) {
                    return;
                }
            }
            map.put(code, value.toByteArray());
        });
        return new OptionMap(map);
    }
}
