package org.karafpxe.dhcp;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Sub-options carried inside one DHCP option (43 for PXE, 175 for iPXE): an ordered code-to-bytes
 * map using the same PAD/END/length layout as the outer options. Repeated sub-option codes are
 * joined as RFC 3396 joins options.
 */
public final class EncapsulatedOptions {

    private static final EncapsulatedOptions EMPTY = new EncapsulatedOptions(OptionMap.EMPTY);

    private final OptionMap map;

    EncapsulatedOptions(OptionMap map) {
        this.map = map;
    }

    public static EncapsulatedOptions empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder(new OptionMap.Editor());
    }

    public Builder toBuilder() {
        return new Builder(map.edit());
    }

    /**
     * Parses an option value as sub-options. Empty when the bytes are not in that layout (a
     * sub-option running past the end), since vendor option contents are the vendor's business
     * and must not make the whole packet unreadable.
     */
    public static Optional<EncapsulatedOptions> parse(byte[] value) {
        OptionAccumulator acc = new OptionAccumulator();
        if (!acc.readArea(value, 0, value.length, "encapsulated options")) {
            return Optional.empty();
        }
        return Optional.of(new EncapsulatedOptions(acc.toMap()));
    }

    public Optional<byte[]> get(int code) {
        return map.get(code);
    }

    public boolean contains(int code) {
        return map.contains(code);
    }

    public List<Integer> codes() {
        return map.codes();
    }

    public boolean isEmpty() {
        return map.size() == 0;
    }

    byte[] raw(int code) {
        return map.raw(code);
    }

    /**
     * Sub-options back to bytes, without a trailing END. Sub-options are never split: firmware
     * parsing them does not join repeated codes.
     *
     * @throws DhcpEncodeException if a sub-option value exceeds 255 bytes
     */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeTo(out, "sub-option");
        return out.toByteArray();
    }

    void writeTo(ByteArrayOutputStream out, String what) {
        for (int i = 0; i < map.size(); i++) {
            int code = map.codeAt(i);
            byte[] value = map.rawAt(i);
            if (value.length > 255) {
                throw new DhcpEncodeException(what + " " + code, value.length, 255,
                        what + " " + code + " is " + value.length + " bytes; a sub-option holds at most 255");
            }
            out.write(code);
            out.write(value.length);
            out.write(value, 0, value.length);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncapsulatedOptions other && map.equals(other.map);
    }

    @Override
    public int hashCode() {
        return map.hashCode();
    }

    @Override
    public String toString() {
        return map.toString(Integer::toString);
    }

    /** Collects sub-options in the order they should be written. */
    public static final class Builder {
        private final OptionMap.Editor values;

        private Builder(OptionMap.Editor values) {
            this.values = values;
        }

        public Builder put(int code, byte[] value) {
            OptionMap.checkCode(code);
            values.put(code, Objects.requireNonNull(value, "value").clone());
            return this;
        }

        public Builder put(int code, int unsignedByte) {
            if (unsignedByte < 0 || unsignedByte > 255) {
                throw new IllegalArgumentException("sub-option " + code + " byte value " + unsignedByte + " is outside 0..255");
            }
            return put(code, new byte[] {(byte) unsignedByte});
        }

        public Builder remove(int code) {
            values.remove(code);
            return this;
        }

        public EncapsulatedOptions build() {
            return new EncapsulatedOptions(values.build());
        }
    }
}
