package org.karafpxe.http.internal;

/**
 * What a {@code Range} header asks of a file of known size (RFC 9110, section 14). Only one range is
 * served: a header with several, a unit other than {@code bytes}, or anything malformed is ignored
 * and the whole file sent, as the RFC allows a server to do.
 */
sealed interface ByteRange permits ByteRange.Whole, ByteRange.Part, ByteRange.Unsatisfiable {

    /** No usable Range header: send the whole file (200). */
    record Whole() implements ByteRange {
    }

    /** Bytes {@code first} to {@code last}, both included (206). */
    record Part(long first, long last) implements ByteRange {
        long length() {
            return last - first + 1;
        }

        String contentRange(long size) {
            return "bytes " + first + "-" + last + "/" + size;
        }
    }

    /** A range that starts at or after the end of the file, or an empty suffix (416). */
    record Unsatisfiable() implements ByteRange {
        static String contentRange(long size) {
            return "bytes */" + size;
        }
    }

    ByteRange WHOLE = new Whole();
    ByteRange UNSATISFIABLE = new Unsatisfiable();

    /**
     * @param header the Range header, or null
     * @param size   the file's size, at least 0
     */
    static ByteRange parse(String header, long size) {
        if (header == null) {
            return WHOLE;
        }
        String h = header.strip();
        int eq = h.indexOf('=');
        if (eq < 0 || !h.substring(0, eq).strip().equalsIgnoreCase("bytes")) {
            return WHOLE;
        }
        String spec = h.substring(eq + 1).strip();
        if (spec.indexOf(',') >= 0) {
            // Several ranges (or an empty list element): served as a whole rather than as multipart.
            return WHOLE;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return WHOLE;
        }
        String from = spec.substring(0, dash).strip();
        String to = spec.substring(dash + 1).strip();
        if (from.isEmpty()) {
            // bytes=-n: the last n bytes.
            long n = number(to);
            if (n < 0) {
                return WHOLE;
            }
            if (n == 0 || size == 0) {
                return UNSATISFIABLE;
            }
            return new Part(Math.max(0, size - n), size - 1);
        }
        long first = number(from);
        if (first < 0) {
            return WHOLE;
        }
        long last;
        if (to.isEmpty()) {
            last = Long.MAX_VALUE;
        } else {
            last = number(to);
            if (last < 0 || last < first) {
                // An invalid range-spec (RFC 9110, 14.1.1) makes the header invalid: ignored.
                return WHOLE;
            }
        }
        if (first >= size) {
            return UNSATISFIABLE;
        }
        return new Part(first, Math.min(last, size - 1));
    }

    /** A decimal number of 1 or more digits (saturating at Long.MAX_VALUE), or -1 when it is not one. */
    private static long number(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            int d = c - '0';
            n = n > (Long.MAX_VALUE - d) / 10 ? Long.MAX_VALUE : n * 10 + d;
        }
        return n;
    }
}
