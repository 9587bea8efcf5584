package org.karafpxe.dhcp;

import java.util.Arrays;

/**
 * Reads code/length/value runs from one or more areas and joins repeated codes (RFC 3396), so
 * that options split across the options, file and sname fields come out whole. Every index is
 * checked before it is read: this is the code that faces arbitrary bytes. Runs for every packet
 * received, so a value is one array, copied again only when its code repeats.
 */
final class OptionAccumulator {

    /** The codes as first seen, each with its value joined so far; {@code seen} has a bit per code. */
    private int[] codes = new int[16];
    private byte[][] values = new byte[16][];
    private int count;
    private final long[] seen = new long[4];
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
            append(code, buf, valueStart, length);
            i = valueStart + length;
        }
        return true;
    }

    private void append(int code, byte[] buf, int start, int length) {
        int at = indexOf(code);
        if (at < 0) {
            if (count == codes.length) {
                codes = Arrays.copyOf(codes, count * 2);
                values = Arrays.copyOf(values, count * 2);
            }
            codes[count] = code;
            values[count++] = Arrays.copyOfRange(buf, start, start + length);
            seen[code >>> 6] |= 1L << code;
        } else {
            byte[] old = values[at];
            byte[] joined = Arrays.copyOf(old, old.length + length);
            System.arraycopy(buf, start, joined, old.length, length);
            values[at] = joined;
        }
    }

    /** Where the code is in {@code codes}, or -1; a search only for codes seen before (repeats are rare). */
    private int indexOf(int code) {
        return (seen[code >>> 6] & 1L << code) == 0 ? -1 : OptionMap.indexOf(codes, count, code);
    }

    String problem() {
        return problem;
    }

    /** Length of the joined value so far, or -1 if the code has not been seen. */
    int length(int code) {
        int at = indexOf(code);
        return at < 0 ? -1 : values[at].length;
    }

    byte[] value(int code) {
        int at = indexOf(code);
        return at < 0 ? null : values[at].clone();
    }

    /**
     * The options in the order first seen, without the excluded codes. The map takes this
     * accumulator's own arrays, compacted in place: the accumulator is done with once it is called.
     */
    OptionMap toMap(int... excluded) {
        int kept = 0;
        next:
        for (int i = 0; i < count; i++) {
            int code = codes[i];
            for (int x : excluded) {
                if (x == code) {
                    continue next;
                }
            }
            codes[kept] = code;
            values[kept++] = values[i];
        }
        OptionMap map = kept == 0 ? OptionMap.EMPTY : new OptionMap(codes, values, kept);
        // Nothing may change the arrays now: a later append would fail rather than write into the map.
        codes = null;
        values = null;
        count = 0;
        return map;
    }
}
