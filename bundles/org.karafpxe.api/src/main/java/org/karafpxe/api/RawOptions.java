package org.karafpxe.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The DHCP options of a request as received (code to value, RFC 3396 parts already joined), for
 * providers that need more than the parsed fields of {@link BootRequest}. Immutable: values are
 * copied in and out.
 */
public final class RawOptions {
    private static final RawOptions EMPTY = new RawOptions(Map.of());

    private final Map<Integer, byte[]> options;

    private RawOptions(Map<Integer, byte[]> options) {
        this.options = options;
    }

    public static RawOptions empty() {
        return EMPTY;
    }

    public static RawOptions of(Map<Integer, byte[]> options) {
        Map<Integer, byte[]> copy = new LinkedHashMap<>();
        options.forEach((code, value) -> copy.put(code, value.clone()));
        return new RawOptions(Collections.unmodifiableMap(copy));
    }

    public Optional<byte[]> get(int code) {
        byte[] value = options.get(code);
        return value == null ? Optional.empty() : Optional.of(value.clone());
    }

    public boolean contains(int code) {
        return options.containsKey(code);
    }

    public Set<Integer> codes() {
        return options.keySet();
    }

    @Override
    public String toString() {
        return "RawOptions" + options.keySet();
    }
}
