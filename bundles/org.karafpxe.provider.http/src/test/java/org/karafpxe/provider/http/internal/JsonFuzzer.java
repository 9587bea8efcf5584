package org.karafpxe.provider.http.internal;

import java.nio.charset.StandardCharsets;
import org.karafpxe.support.Json;

/**
 * Coverage-guided fuzz target (Jazzer, bench/fuzz/run.sh) for the reader of the decision service's
 * answers: any text parses, or is refused as malformed, never with anything else; what parses is
 * read as an answer without throwing anything but its own refusal.
 */
public final class JsonFuzzer {

    private JsonFuzzer() {
    }

    public static void fuzzerTestOneInput(byte[] input) {
        try {
            Json.parse(new String(input, StandardCharsets.UTF_8));
        } catch (Json.MalformedException malformed) {
            // expected for most inputs
        }
        ServiceAnswer.read(200, input);
    }
}
