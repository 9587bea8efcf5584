package org.karafpxe.bench.storm;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a device file for {@code pxe:device-import}: {@code --devices} machines that never take
 * part in a storm (MACs and GUIDs disjoint from the storm's), and the share {@code --share} of the
 * first {@code --storm-clients} storm clients, which the server then knows as prestaged.
 *
 * <pre>
 * java -cp target/classes org.karafpxe.bench.storm.PrestageCsv --out devices.csv --devices 100000 \
 *     --storm-clients 10000 --share 0.25
 * </pre>
 *
 * The devices have no boot program of their own, so the answer policy's default for their
 * architecture applies; the server still has to find them in its store.
 */
public final class PrestageCsv {

    static final String HEADER = "name,mac,guid,bootProgram,referralServer,group,taskScript,taskOneShot";

    private PrestageCsv() {
    }

    public static void main(String[] args) throws IOException {
        Path out = null;
        int devices = 0;
        int stormClients = 0;
        double share = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--out" -> out = Path.of(require(a, v));
                case "--devices" -> devices = Integer.parseInt(require(a, v));
                case "--storm-clients" -> stormClients = Integer.parseInt(require(a, v));
                case "--share" -> share = Double.parseDouble(require(a, v));
                default -> {
                    System.err.println("unknown argument " + a
                            + "; usage: --out FILE --devices D --storm-clients N --share 0..1");
                    System.exit(2);
                }
            }
            i++;
        }
        if (out == null) {
            System.err.println("--out FILE is required");
            System.exit(2);
        }
        if (stormClients > Identities.MAX_CLIENTS) {
            System.err.println("--storm-clients is at most " + Identities.MAX_CLIENTS);
            System.exit(2);
        }
        int stormRows = write(out, devices, stormClients, share);
        System.out.println(out + ": " + devices + " other devices, " + stormRows + " of the first " + stormClients
                + " storm clients");
    }

    static int write(Path out, int devices, int stormClients, double share) throws IOException {
        int stormRows = 0;
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.write('\n');
            for (int i = 0; i < devices; i++) {
                row(w, String.format("bench-other-%07d", i), Identities.macText(Identities.otherMac(i)),
                        Identities.otherGuid(i).toString());
            }
            for (int i = 0; i < stormClients; i++) {
                if (Identities.isPrestaged(i, share)) {
                    row(w, String.format("bench-storm-%07d", i), Identities.macText(Identities.stormMac(i)),
                            Identities.stormGuid(i).toString());
                    stormRows++;
                }
            }
        }
        return stormRows;
    }

    private static void row(BufferedWriter w, String name, String mac, String guid) throws IOException {
        w.write(name);
        w.write(',');
        w.write(mac);
        w.write(',');
        w.write(guid);
        w.write(",,,bench,,\n");
    }

    private static String require(String option, String value) {
        if (value == null) {
            System.err.println(option + " needs a value");
            System.exit(2);
        }
        return value;
    }
}
