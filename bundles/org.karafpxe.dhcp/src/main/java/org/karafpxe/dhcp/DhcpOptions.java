package org.karafpxe.dhcp;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * The options of one packet: an immutable map from code (1..254) to value bytes, in the order
 * the codes first appeared (or were put). Values split over several instances on the wire are
 * already joined (RFC 3396). Every code is kept, known or not, so a packet can be relayed or
 * logged in full.
 *
 * <p>The typed accessors are lenient: a value of the wrong shape reads as absent rather than
 * failing, since a malformed optional field should not cost a client its boot. The raw bytes
 * stay available through {@link #get(int)}.
 */
public final class DhcpOptions {

    private static final DhcpOptions EMPTY = new DhcpOptions(OptionMap.EMPTY);

    private final OptionMap map;

    DhcpOptions(OptionMap map) {
        this.map = map;
    }

    public static DhcpOptions empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder(new OptionMap.Editor());
    }

    public Builder toBuilder() {
        return new Builder(map.edit());
    }

    public Optional<byte[]> get(int code) {
        return map.get(code);
    }

    public Optional<byte[]> get(OptionCode code) {
        return map.get(code.code());
    }

    public boolean contains(int code) {
        return map.contains(code);
    }

    /** Codes in wire order. */
    public List<Integer> codes() {
        return map.codes();
    }

    /**
     * Hands each option to {@code action} in wire order, with a copy of its value.
     *
     * @since 1.1
     */
    public void forEach(BiConsumer<Integer, byte[]> action) {
        for (int i = 0; i < map.size(); i++) {
            action.accept(map.codeAt(i), map.rawAt(i).clone());
        }
    }

    public int size() {
        return map.size();
    }

    public boolean isEmpty() {
        return map.size() == 0;
    }

    OptionMap map() {
        return map;
    }

    /** Option 53; {@link DhcpMessageType#UNKNOWN} for values outside 1..8. Absent on plain BOOTP. */
    public Optional<DhcpMessageType> messageType() {
        byte[] v = map.raw(53);
        if (v == null) {
            return Optional.empty();
        }
        return Optional.of(v.length == 1 ? DhcpMessageType.of(Bytes.u8(v, 0)) : DhcpMessageType.UNKNOWN);
    }

    /** Option 60, e.g. "PXEClient:Arch:00007:UNDI:003000". */
    public Optional<String> vendorClass() {
        return text(60);
    }

    /** Option 54. */
    public Optional<Inet4Address> serverIdentifier() {
        return address(54);
    }

    /** Option 50. */
    public Optional<Inet4Address> requestedIpAddress() {
        return address(50);
    }

    /** A single IPv4 address option; absent unless the value is exactly 4 bytes. */
    public Optional<Inet4Address> address(int code) {
        byte[] v = map.raw(code);
        return v == null || v.length != 4 ? Optional.empty() : Optional.of(Bytes.ipv4(v, 0));
    }

    /** An option holding text, trailing NULs removed. */
    public Optional<String> text(int code) {
        byte[] v = map.raw(code);
        return v == null ? Optional.empty() : Optional.of(Bytes.optionText(v));
    }

    /** Option 55 as option codes; empty when absent. */
    public List<Integer> requestedParameters() {
        byte[] v = map.raw(55);
        if (v == null) {
            return List.of();
        }
        List<Integer> codes = new ArrayList<>(v.length);
        for (byte b : v) {
            codes.add(b & 0xFF);
        }
        return List.copyOf(codes);
    }

    /** Option 57, the largest DHCP message the client accepts. */
    public OptionalInt maxMessageSize() {
        byte[] v = map.raw(57);
        return v == null || v.length != 2 ? OptionalInt.empty() : OptionalInt.of(Bytes.u16(v, 0));
    }

    /** Option 61, usually hardware type 1 followed by the MAC. */
    public Optional<byte[]> clientIdentifier() {
        return map.get(61);
    }

    /** Option 66. */
    public Optional<String> tftpServerName() {
        return text(66);
    }

    /** Option 67. */
    public Optional<String> bootFileName() {
        return text(67);
    }

    /** Option 77 in either the RFC 3004 or the bare iPXE form; empty when absent. */
    public List<String> userClasses() {
        byte[] v = map.raw(77);
        return v == null ? List.of() : UserClasses.parse(v);
    }

    /**
     * Option 93, one or more 16-bit architecture types (0 BIOS, 7 x64 UEFI, 16 x64 UEFI HTTP...);
     * empty when absent or of odd length.
     */
    public List<Integer> clientArchitectures() {
        byte[] v = map.raw(93);
        if (v == null || v.length % 2 != 0) {
            return List.of();
        }
        List<Integer> types = new ArrayList<>(v.length / 2);
        for (int i = 0; i < v.length; i += 2) {
            types.add(Bytes.u16(v, i));
        }
        return List.copyOf(types);
    }

    /** Option 94; absent unless exactly 3 bytes. */
    public Optional<ClientNdi> clientNdi() {
        byte[] v = map.raw(94);
        if (v == null || v.length != 3) {
            return Optional.empty();
        }
        return Optional.of(new ClientNdi(Bytes.u8(v, 0), Bytes.u8(v, 1), Bytes.u8(v, 2)));
    }

    /**
     * Option 97 as a UUID in the usual (RFC 4122) byte order, converted from the SMBIOS order
     * on the wire. Absent unless it is type 0 followed by 16 bytes; see {@link #clientGuidRaw()}.
     */
    public Optional<UUID> clientGuid() {
        byte[] v = map.raw(97);
        return v == null ? Optional.empty() : ClientGuids.toUuid(v);
    }

    /** Option 97 as sent, for echoing back in proxy offers whatever its shape. */
    public Optional<byte[]> clientGuidRaw() {
        return map.get(97);
    }

    /** Option 43 read as PXE sub-options; absent if missing or not PXE-shaped. */
    public Optional<PxeVendorOptions> pxeVendorOptions() {
        byte[] v = map.raw(43);
        return v == null ? Optional.empty() : PxeVendorOptions.parse(v);
    }

    /** Option 175; absent if missing or not in sub-option layout. */
    public Optional<IpxeOptions> ipxeOptions() {
        byte[] v = map.raw(175);
        return v == null ? Optional.empty() : EncapsulatedOptions.parse(v).map(IpxeOptions::new);
    }

    /**
     * Whether the sender is iPXE: it sends option 175, and "iPXE" in option 77. Option 60 cannot
     * tell, since iPXE sends "PXEClient" like any PXE ROM.
     */
    public boolean isIpxe() {
        return map.contains(175) || userClasses().contains("iPXE");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DhcpOptions other && map.equals(other.map);
    }

    @Override
    public int hashCode() {
        return map.hashCode();
    }

    @Override
    public String toString() {
        return map.toString(OptionCode::describe);
    }

    /**
     * Collects options in the order they will be written. Values of any length are accepted;
     * the encoder splits long ones (RFC 3396) except option 43.
     */
    public static final class Builder {
        private final OptionMap.Editor values;

        private Builder(OptionMap.Editor values) {
            this.values = values;
        }

        /**
         * Sets an option, keeping its position if it was already set.
         *
         * @throws IllegalArgumentException for codes outside 1..254, for option 52 (the codec
         *     owns overloading) and for an option 53 that is not one byte
         */
        public Builder put(int code, byte[] value) {
            Objects.requireNonNull(value, "value");
            return putOwned(code, value.clone());
        }

        /** {@link #put(int, byte[])} for a value this builder has just made: no one else holds it, so no copy. */
        private Builder putOwned(int code, byte[] value) {
            OptionMap.checkCode(code);
            if (code == 52) {
                throw new IllegalArgumentException("option 52 (overload) is decided by the codec, not set by callers");
            }
            if (code == 53 && value.length != 1) {
                throw new IllegalArgumentException("option 53 (message type) is one byte, not " + value.length);
            }
            values.put(code, value);
            return this;
        }

        public Builder put(OptionCode code, byte[] value) {
            return put(code.code(), value);
        }

        public Builder remove(int code) {
            values.remove(code);
            return this;
        }

        public Builder messageType(DhcpMessageType type) {
            if (type == DhcpMessageType.UNKNOWN) {
                throw new IllegalArgumentException("UNKNOWN has no wire value");
            }
            return putOwned(53, new byte[] {(byte) type.code()});
        }

        /** Options 1, 3, 6, 28, 54... any list of IPv4 addresses. */
        public Builder address(int code, Inet4Address... addresses) {
            byte[] v = new byte[addresses.length * 4];
            for (int i = 0; i < addresses.length; i++) {
                System.arraycopy(addresses[i].getAddress(), 0, v, i * 4, 4);
            }
            return putOwned(code, v);
        }

        public Builder serverIdentifier(Inet4Address address) {
            return address(54, address);
        }

        /** An option holding UTF-8 text, without a terminating NUL. */
        public Builder text(int code, String text) {
            return putOwned(code, Bytes.utf8(text));
        }

        public Builder vendorClass(String vendorClass) {
            return text(60, vendorClass);
        }

        public Builder tftpServerName(String name) {
            return text(66, name);
        }

        public Builder bootFileName(String name) {
            return text(67, name);
        }

        /** A 32-bit unsigned option such as lease (51), renewal (58) or rebinding (59) time. */
        public Builder unsignedInt(int code, long value) {
            if (value < 0 || value > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("option " + code + " value " + value + " is not a 32-bit unsigned value");
            }
            byte[] v = new byte[4];
            Bytes.putS32(v, 0, (int) value);
            return putOwned(code, v);
        }

        public Builder maxMessageSize(int size) {
            if (size < 576 || size > 0xFFFF) {
                throw new IllegalArgumentException("maximum message size " + size + " is outside 576..65535 (RFC 2132)");
            }
            byte[] v = new byte[2];
            Bytes.putU16(v, 0, size);
            return putOwned(57, v);
        }

        public Builder requestedParameters(int... codes) {
            byte[] v = new byte[codes.length];
            for (int i = 0; i < codes.length; i++) {
                OptionMap.checkCode(codes[i]);
                v[i] = (byte) codes[i];
            }
            return putOwned(55, v);
        }

        public Builder clientIdentifier(byte[] id) {
            return put(61, id);
        }

        /** Option 77 in RFC 3004 form. */
        public Builder userClasses(List<String> classes) {
            return putOwned(77, UserClasses.rfc3004(classes));
        }

        /** Option 77 as a bare string, the form iPXE sends. */
        public Builder rawUserClass(String userClass) {
            return text(77, userClass);
        }

        public Builder clientArchitectures(int... types) {
            byte[] v = new byte[types.length * 2];
            for (int i = 0; i < types.length; i++) {
                if (types[i] < 0 || types[i] > 0xFFFF) {
                    throw new IllegalArgumentException("architecture type " + types[i] + " is not 16-bit");
                }
                Bytes.putU16(v, i * 2, types[i]);
            }
            return putOwned(93, v);
        }

        public Builder clientNdi(ClientNdi ndi) {
            return putOwned(94, ndi.toBytes());
        }

        /** Option 97 as type 0 plus the UUID in the SMBIOS byte order firmware uses. */
        public Builder clientGuid(UUID guid) {
            return putOwned(97, ClientGuids.toWire(guid));
        }

        /**
         * @throws DhcpEncodeException if the sub-options do not fit one 255-byte option
         */
        public Builder pxeVendorOptions(PxeVendorOptions options) {
            return putOwned(43, options.encode());
        }

        public Builder ipxeOptions(IpxeOptions options) {
            return putOwned(175, options.options().encode());
        }

        public DhcpOptions build() {
            return new DhcpOptions(values.build());
        }
    }
}
