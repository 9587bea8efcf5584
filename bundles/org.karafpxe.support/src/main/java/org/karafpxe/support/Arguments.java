package org.karafpxe.support;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.karafpxe.api.Architecture;
import org.karafpxe.api.MacAddress;

/** Parses what an operator types (console arguments, API fields), with messages that say what was wrong and what is allowed. */
public final class Arguments {

    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");
    private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");

    private Arguments() {
    }

    public static MacAddress mac(String text) {
        return MacAddress.parse(text).orElseThrow(() -> new IllegalArgumentException("'" + text
                + "' is not a MAC address: write it as 52:54:00:12:34:56, 52-54-00-12-34-56 or 525400123456"));
    }

    /**
     * Takes a GUID as firmware setup and hypervisors show it, in braces as WDS writes it, or as 32
     * bare hex digits as some inventory tools print it, so that operators can paste what they have.
     */
    public static UUID guid(String text) {
        String t = text.trim();
        if (t.length() > 2 && t.startsWith("{") && t.endsWith("}")) {
            t = t.substring(1, t.length() - 1);
        }
        if (HEX32.matcher(t).matches()) {
            t = t.substring(0, 8) + "-" + t.substring(8, 12) + "-" + t.substring(12, 16) + "-"
                    + t.substring(16, 20) + "-" + t.substring(20);
        }
        if (!GUID.matcher(t).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a GUID: write it as "
                    + "8b6b6f3e-1c9a-4e55-9d3a-0a1b2c3d4e5f, as firmware setup and hypervisors show it "
                    + "(also in braces, or as 32 hex digits)");
        }
        return UUID.fromString(t.toLowerCase(Locale.ROOT));
    }

    /**
     * Option 93's value for an architecture given by name (x64-uefi) or by number as a packet
     * capture shows it (7; any 16-bit value, also one the registry does not list).
     */
    public static int architectureCode(String text) {
        String t = text.trim();
        if (!t.isEmpty() && t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            if (t.length() <= 5 && Integer.parseInt(t) <= 0xFFFF) {
                return Integer.parseInt(t);
            }
            throw new IllegalArgumentException("'" + text + "' is not an option 93 value: use 0 to 65535 "
                    + "(7 is x64-uefi), or a name: " + String.join(", ", Architecture.keys()));
        }
        return architecture(t).code();
    }

    public static Architecture architecture(String key) {
        return Architecture.byKey(key).orElseThrow(() -> new IllegalArgumentException("'" + key
                + "' is not an architecture: use one of " + String.join(", ", Architecture.keys())));
    }
}
