package org.karafpxe.api;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * A client hardware address (normally 6 bytes of Ethernet), immutable.
 *
 * <p>Rendered and parsed as lower-case colon-separated hex, the form dnsmasq and the Linux tools
 * print; {@link #parse} also takes dashes (the Windows form) and bare hex.
 */
public final class MacAddress {
    private final byte[] bytes;

    private MacAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    public static MacAddress of(byte[] bytes) {
        if (bytes == null || bytes.length == 0 || bytes.length > 16) {
            throw new IllegalArgumentException("a hardware address has 1 to 16 bytes");
        }
        return new MacAddress(bytes.clone());
    }

    /** Parses "52:54:00:12:34:56", "52-54-00-12-34-56" or "525400123456". */
    public static Optional<MacAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String hex = text.trim().replace(":", "").replace("-", "").toLowerCase(Locale.ROOT);
        if (hex.isEmpty() || hex.length() % 2 != 0 || hex.length() > 32 || !hex.matches("[0-9a-f]+")) {
            return Optional.empty();
        }
        return Optional.of(new MacAddress(HexFormat.of().parseHex(hex)));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress m && Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(bytes);
    }
}
