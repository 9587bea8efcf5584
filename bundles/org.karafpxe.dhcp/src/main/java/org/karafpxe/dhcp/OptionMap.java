package org.karafpxe.dhcp;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Immutable code-to-bytes map in first-seen order, shared by the DHCP options and the
 * encapsulated sub-option spaces. The arrays it holds never leave it uncopied, which is what
 * lets the public types be values.
 *
 * <p>Two parallel arrays rather than a hash map: a packet has a few dozen options at most, so a
 * scan is as fast as hashing, and every packet received or sent builds one of these without
 * boxing a code or allocating an entry per option.
 */
final class OptionMap {

    static final OptionMap EMPTY = new OptionMap(new int[0], new byte[0][], 0);

    private final int[] codes;
    private final byte[][] values;
    private final int size;

    /** Takes ownership of the arrays, which nobody may change afterwards; the first {@code size} count. */
    OptionMap(int[] codes, byte[][] values, int size) {
        this.codes = codes;
        this.values = values;
        this.size = size;
    }

    /** Where {@code code} is among the first {@code size} of {@code codes}, or -1. */
    static int indexOf(int[] codes, int size, int code) {
        for (int i = 0; i < size; i++) {
            if (codes[i] == code) {
                return i;
            }
        }
        return -1;
    }

    Optional<byte[]> get(int code) {
        byte[] v = raw(code);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    /** The stored array itself, for package code that only reads it. */
    byte[] raw(int code) {
        int i = indexOf(codes, size, code);
        return i < 0 ? null : values[i];
    }

    boolean contains(int code) {
        return indexOf(codes, size, code) >= 0;
    }

    List<Integer> codes() {
        Integer[] boxed = new Integer[size];
        for (int i = 0; i < size; i++) {
            boxed[i] = codes[i];
        }
        return List.of(boxed);
    }

    int size() {
        return size;
    }

    /** The code at a position in wire order, {@code 0 <= index < size()}. */
    int codeAt(int index) {
        return codes[index];
    }

    /** The stored array at a position in wire order, for package code that only reads it. */
    byte[] rawAt(int index) {
        return values[index];
    }

    /** A builder's working copy: it shares the value arrays, as neither side ever writes into one. */
    Editor edit() {
        return new Editor(Arrays.copyOf(codes, Math.max(8, size)), Arrays.copyOf(values, Math.max(8, size)), size);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof OptionMap other) || size != other.size) {
            return false;
        }
        // Order is part of the value: it is what goes on the wire.
        for (int i = 0; i < size; i++) {
            if (codes[i] != other.codes[i] || !Arrays.equals(values[i], other.values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < size; i++) {
            h = 31 * h + codes[i];
            h = 31 * h + Arrays.hashCode(values[i]);
        }
        return h;
    }

    String toString(IntFunction<String> namer) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(namer.apply(codes[i])).append('=').append(Bytes.hex(values[i]));
        }
        return sb.append('}').toString();
    }

    static void checkCode(int code) {
        if (code < 1 || code > 254) {
            throw new IllegalArgumentException("option code " + code + " is outside 1..254; 0 and 255 are PAD and END");
        }
    }

    /**
     * The mutable side, for builders: a code put again keeps its position. It stores the arrays it
     * is given; callers hand over arrays that nobody writes into afterwards.
     */
    static final class Editor {
        private int[] codes;
        private byte[][] values;
        private int size;

        Editor() {
            this(new int[8], new byte[8][], 0);
        }

        private Editor(int[] codes, byte[][] values, int size) {
            this.codes = codes;
            this.values = values;
            this.size = size;
        }

        void put(int code, byte[] value) {
            int at = indexOf(codes, size, code);
            if (at >= 0) {
                values[at] = value;
                return;
            }
            if (size == codes.length) {
                codes = Arrays.copyOf(codes, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            codes[size] = code;
            values[size++] = value;
        }

        void remove(int code) {
            int at = indexOf(codes, size, code);
            if (at >= 0) {
                System.arraycopy(codes, at + 1, codes, at, size - at - 1);
                System.arraycopy(values, at + 1, values, at, size - at - 1);
                values[--size] = null;
            }
        }

        /** A map of the current options; this editor can go on changing without touching it. */
        OptionMap build() {
            return size == 0 ? EMPTY : new OptionMap(Arrays.copyOf(codes, size), Arrays.copyOf(values, size), size);
        }
    }
}
