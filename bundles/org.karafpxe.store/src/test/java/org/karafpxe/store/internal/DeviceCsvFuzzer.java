package org.karafpxe.store.internal;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.karafpxe.store.StoreException;

/**
 * Coverage-guided fuzz target (Jazzer, bench/fuzz/run.sh) for the CSV import: any file is read,
 * or refused with a store exception naming its line, never with anything else.
 */
public final class DeviceCsvFuzzer {

    private DeviceCsvFuzzer() {
    }

    public static void fuzzerTestOneInput(byte[] input) throws IOException {
        try {
            DeviceCsv.read(new StringReader(new String(input, StandardCharsets.UTF_8)));
        } catch (StoreException refused) {
            // what an operator is told: expected for most inputs
        }
    }
}
