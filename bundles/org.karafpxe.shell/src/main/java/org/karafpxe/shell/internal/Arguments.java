package org.karafpxe.shell.internal;

import java.util.UUID;
import org.karafpxe.api.Architecture;
import org.karafpxe.api.MacAddress;

/** Parses command arguments, with messages that say what was wrong and what is allowed. */
final class Arguments {

    private Arguments() {
    }

    static MacAddress mac(String text) {
        return MacAddress.parse(text).orElseThrow(() -> new IllegalArgumentException("'" + text
                + "' is not a MAC address: write it as 52:54:00:12:34:56, 52-54-00-12-34-56 or 525400123456"));
    }

    static UUID guid(String text) {
        try {
            if (text.trim().length() == 36) {
                return UUID.fromString(text.trim());
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + text + "' is not a GUID: write it as "
                + "8b6b6f3e-1c9a-4e55-9d3a-0a1b2c3d4e5f, as firmware setup and hypervisors show it");
    }

    static Architecture architecture(String key) {
        return Architecture.byKey(key).orElseThrow(() -> new IllegalArgumentException("'" + key
                + "' is not an architecture: use one of " + String.join(", ", Architecture.keys())));
    }
}
