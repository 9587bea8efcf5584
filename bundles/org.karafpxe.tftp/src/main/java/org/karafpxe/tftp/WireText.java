package org.karafpxe.tftp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** Validation shared by the packet records: strings that are NUL-terminated on the wire cannot hold a NUL. */
final class WireText {

    private WireText() {
    }

    static String requireField(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " contains a NUL character");
        }
        return value;
    }

    /** Option names are case-insensitive (RFC 2347), so they are stored lower-cased; order is kept for the OACK. */
    static String optionKey(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    static Map<String, String> options(Map<String, String> options) {
        if (options == null || options.isEmpty()) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : options.entrySet()) {
            String key = optionKey(requireField(e.getKey(), "option name"));
            String value = requireField(e.getValue(), "option value");
            if (key.isEmpty()) {
                throw new IllegalArgumentException("empty option name");
            }
            if (copy.putIfAbsent(key, value) != null) {
                throw new IllegalArgumentException("duplicate option " + key);
            }
        }
        return Collections.unmodifiableMap(copy);
    }

    static int requireWireBlock(int block) {
        if (block < 0 || block > 0xFFFF) {
            throw new IllegalArgumentException("block number out of 16-bit range: " + block);
        }
        return block;
    }
}
