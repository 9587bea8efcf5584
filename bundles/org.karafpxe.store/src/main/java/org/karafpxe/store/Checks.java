package org.karafpxe.store;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.karafpxe.api.MacAddress;
import org.karafpxe.api.PlaceholderGuids;

/** The rules for each field, with the operator-facing text of what is allowed. */
final class Checks {

    static final int MAX_NAME = 64;
    static final int MAX_BOOT_PROGRAM = 255;
    static final int MAX_REASON = 255;

    /*
     * Names are typed in console commands and CSV files: no spaces, no quotes, and a first
     * character that cannot be mistaken for a command option.
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern DOTTED_DIGITS = Pattern.compile("[0-9.]+");

    static final String NAME_RULE = "use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";
    static final String MAC_RULE = "use 6 bytes of hex: 52:54:00:12:34:56, 52-54-00-12-34-56 or 525400123456";
    static final String GUID_RULE = "use the standard form, like 4c4c4544-0042-3510-8052-b4c04f564433";

    private Checks() {
    }

    static String name(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidValueException("name", String.valueOf(name), NAME_RULE);
        }
        if (DIGITS.matcher(name).matches()) {
            // Commands take a device "by name or id": a name of digits would read as an id.
            throw new InvalidValueException("name", name,
                    "a name of digits only would read as a device id; add a letter (e.g. 'pc-" + name + "')");
        }
        return name;
    }

    static String group(String group) {
        if (group == null || !NAME.matcher(group).matches()) {
            throw new InvalidValueException("group", String.valueOf(group), NAME_RULE);
        }
        return group;
    }

    static MacAddress mac(MacAddress mac) {
        if (mac.bytes().length != 6) {
            throw new InvalidValueException("mac", mac.toString(),
                    "a prestaged device has a 6-byte Ethernet MAC; " + MAC_RULE);
        }
        return mac;
    }

    static MacAddress parseMac(String text) {
        Optional<MacAddress> mac = MacAddress.parse(text);
        if (mac.isEmpty() || mac.get().bytes().length != 6) {
            throw new InvalidValueException("mac", String.valueOf(text), MAC_RULE);
        }
        return mac.get();
    }

    static UUID guid(UUID guid) {
        if (PlaceholderGuids.contains(guid)) {
            throw new InvalidValueException("guid", guid.toString(),
                    "firmware reports this GUID when it has none, so it identifies no machine; prestage the device by MAC");
        }
        return guid;
    }

    /** Takes the standard form, also in braces or as 32 bare hex digits (how some tools print it). */
    static UUID parseGuid(String text) {
        String t = text == null ? "" : text.trim();
        if (t.startsWith("{") && t.endsWith("}")) {
            t = t.substring(1, t.length() - 1);
        }
        if (HEX32.matcher(t).matches()) {
            t = t.substring(0, 8) + "-" + t.substring(8, 12) + "-" + t.substring(12, 16) + "-"
                    + t.substring(16, 20) + "-" + t.substring(20);
        }
        if (!GUID.matcher(t).matches()) {
            throw new InvalidValueException("guid", String.valueOf(text), GUID_RULE);
        }
        return guid(UUID.fromString(t.toLowerCase(Locale.ROOT)));
    }

    static String bootProgram(String program) {
        if (program == null || program.isEmpty() || program.length() > MAX_BOOT_PROGRAM
                || program.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new InvalidValueException("bootProgram", String.valueOf(program),
                    "use a path on the boot server (ipxe/snponly.efi) or a URL, 1 to " + MAX_BOOT_PROGRAM
                            + " characters without spaces");
        }
        return program;
    }

    /** A host name or IPv4 address, without port: where a referred client fetches its boot file. */
    static String referralServer(String server) {
        String allowed = "use a host name (boot2.example.com) or an IPv4 address (192.0.2.10), without port";
        if (server == null || server.isEmpty() || server.length() > 253) {
            throw new InvalidValueException("referralServer", String.valueOf(server), allowed);
        }
        if (DOTTED_DIGITS.matcher(server).matches()) {
            String[] parts = server.split("\\.", -1);
            boolean ok = parts.length == 4;
            for (String p : parts) {
                ok &= !p.isEmpty() && p.length() <= 3 && Integer.parseInt(p) <= 255;
            }
            if (!ok) {
                throw new InvalidValueException("referralServer", server, allowed);
            }
            return server;
        }
        for (String label : server.split("\\.", -1)) {
            if (!HOST_LABEL.matcher(label).matches()) {
                throw new InvalidValueException("referralServer", server, allowed);
            }
        }
        return server;
    }

    static String reason(String reason) {
        if (reason == null || reason.isBlank() || reason.length() > MAX_REASON
                || reason.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
            throw new InvalidValueException("reason", String.valueOf(reason),
                    "say in 1 to " + MAX_REASON + " characters, on one line, why the GUID is banned");
        }
        return reason;
    }
}
