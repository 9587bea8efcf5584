package org.karafpxe.http.internal;

import java.nio.charset.StandardCharsets;
import org.karafpxe.api.BootFileName;

/**
 * Coverage-guided fuzz target (Jazzer, bench/fuzz/run.sh) for the HTTP server's names: any decoded
 * path info is refused or is a relative path without parent, empty or control-character parts.
 */
public final class BootPathFuzzer {

    private BootPathFuzzer() {
    }

    public static void fuzzerTestOneInput(byte[] input) {
        String pathInfo = new String(input, StandardCharsets.UTF_8);
        if (BootPath.check(pathInfo) instanceof BootFileName.Valid valid) {
            String path = valid.path();
            if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains("//")
                    || ("/" + path + "/").contains("/../") || ("/" + path + "/").contains("/./")
                    || path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalStateException("a name left unconfined: " + BootFileName.printable(path));
            }
        }
    }
}
