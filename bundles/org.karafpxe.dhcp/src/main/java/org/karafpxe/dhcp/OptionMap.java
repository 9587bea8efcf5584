package org.karafpxe.dhcp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Immutable code-to-bytes map in first-seen order, shared by the DHCP options and the
 * encapsulated sub-option spaces. The arrays it holds never leave it uncopied, which is what
 * lets the public types be values.
 */
final class OptionMap {

    static final OptionMap EMPTY = new OptionMap(new LinkedHashMap<>());

    private final Map<Integer, byte[]> values;

    /** Takes ownership of the map and its arrays; callers hand over fresh ones. */
    OptionMap(LinkedHashMap<Integer, byte[]> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    Optional<byte[]> get(int code) {
        byte[] v = values.get(code);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    /** The stored array itself, for package code that only reads it. */
    byte[] raw(int code) {
        return values.get(code);
    }

    boolean contains(int code) {
        return values.containsKey(code);
    }

    List<Integer> codes() {
        return List.copyOf(values.keySet());
    }

    int size() {
        return values.size();
    }

    /** Insertion-ordered view for package code that only reads the arrays. */
    Map<Integer, byte[]> rawView() {
        return values;
    }

    LinkedHashMap<Integer, byte[]> mutableCopy() {
        LinkedHashMap<Integer, byte[]> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof OptionMap other) || values.size() != other.values.size()) {
            return false;
        }
        // Order is part of the value: it is what goes on the wire.
        var mine = new ArrayList<>(values.entrySet());
        var theirs = new ArrayList<>(other.values.entrySet());
        for (int i = 0; i < mine.size(); i++) {
            if (!mine.get(i).getKey().equals(theirs.get(i).getKey())
                    || !Arrays.equals(mine.get(i).getValue(), theirs.get(i).getValue())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (var e : values.entrySet()) {
            h = 31 * h + e.getKey();
            h = 31 * h + Arrays.hashCode(e.getValue());
        }
        return h;
    }

    String toString(IntFunction<String> namer) {
        StringBuilder sb = new StringBuilder("{");
        values.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(namer.apply(k)).append('=').append(Bytes.hex(v));
        });
        return sb.append('}').toString();
    }

    static void checkCode(int code) {
        if (code < 1 || code > 254) {
            throw new IllegalArgumentException("option code " + code + " is outside 1..254; 0 and 255 are PAD and END");
        }
    }
}
