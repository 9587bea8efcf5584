package org.karafpxe.api;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The DHCP options of a request as received (code to value, RFC 3396 parts already joined), for
 * providers that need more than the parsed fields of {@link BootRequest}; for a request over IPv6,
 * its DHCPv6 options (16-bit codes, the first of each code). Immutable: values are
 * copied in and out. Kept as two parallel arrays, as a request has a few dozen options at most
 * and one is made for every request received.
 */
public final class RawOptions {
    private static final RawOptions EMPTY = new RawOptions(new int[0], new byte[0][], 0);

    private final int[] codes;
    private final byte[][] values;
    private final int size;

    private RawOptions(int[] codes, byte[][] values, int size) {
        this.codes = codes;
        this.values = values;
        this.size = size;
    }

    public static RawOptions empty() {
        return EMPTY;
    }

    public static RawOptions of(Map<Integer, byte[]> options) {
        Builder b = builder();
        options.forEach(b::put);
        return b.build();
    }

    /** @since 1.2 */
    public static Builder builder() {
        return new Builder();
    }

    /** Where {@code code} is among the first {@code size} of {@code codes}, or -1. */
    private static int indexOf(int[] codes, int size, int code) {
        for (int i = 0; i < size; i++) {
            if (codes[i] == code) {
                return i;
            }
        }
        return -1;
    }

    public Optional<byte[]> get(int code) {
        int i = indexOf(codes, size, code);
        return i < 0 ? Optional.empty() : Optional.of(values[i].clone());
    }

    public boolean contains(int code) {
        return indexOf(codes, size, code) >= 0;
    }

    /**
     * These options without {@code code} (this same object when it is not among them).
     *
     * @since 1.4
     */
    public RawOptions without(int code) {
        int at = indexOf(codes, size, code);
        if (at < 0) {
            return this;
        }
        Builder b = builder();
        for (int i = 0; i < size; i++) {
            if (i != at) {
                b.put(codes[i], values[i]);
            }
        }
        return b.build();
    }

    /** The codes in the order received. */
    public Set<Integer> codes() {
        Set<Integer> set = new LinkedHashSet<>();
        for (int i = 0; i < size; i++) {
            set.add(codes[i]);
        }
        return Collections.unmodifiableSet(set);
    }

    @Override
    public String toString() {
        return "RawOptions" + codes();
    }

    /**
     * Collects options in the order received; a code put again replaces its value in place.
     *
     * @since 1.2
     */
    public static final class Builder {
        private int[] codes = new int[16];
        private byte[][] values = new byte[16][];
        private int size;

        private Builder() {
        }

        /** Copies the value. */
        public Builder put(int code, byte[] value) {
            byte[] copy = Objects.requireNonNull(value, "value").clone();
            int at = indexOf(codes, size, code);
            if (at >= 0) {
                values[at] = copy;
                return this;
            }
            if (size == codes.length) {
                codes = Arrays.copyOf(codes, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            codes[size] = code;
            values[size++] = copy;
            return this;
        }

        public RawOptions build() {
            return size == 0 ? EMPTY : new RawOptions(Arrays.copyOf(codes, size), Arrays.copyOf(values, size), size);
        }
    }
}
