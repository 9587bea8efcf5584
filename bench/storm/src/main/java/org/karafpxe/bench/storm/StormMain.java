package org.karafpxe.bench.storm;

import java.io.IOException;

/**
 * The boot-storm load generator: simulates PXE machines booting at once against a ProxyDHCP / PXE
 * boot server / TFTP server, and reports how they fared (plain text, then one JSON line).
 *
 * <pre>
 * java -cp CLASSPATH org.karafpxe.bench.storm.StormMain --server 10.215.0.1 --bind 10.215.0.2 \
 *     --client-net 10.216.0.0/16 --clients 1000 --expect-bios undionly.kpxe --expect-uefi snponly.efi
 * </pre>
 *
 * Exit status: 0 when the storm ran (whatever became of the clients), 2 for a bad command line,
 * 3 when the client port cannot be bound.
 */
public final class StormMain {

    private StormMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        StormOptions options;
        try {
            options = StormOptions.parse(args);
        } catch (StormOptions.UsageException e) {
            if (e.getMessage() != null) {
                System.err.println(e.getMessage());
            }
            System.err.print(StormOptions.USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        if (options.warmup > 0) {
            StormOptions w = options.warmupOptions();
            java.io.ByteArrayOutputStream report = new java.io.ByteArrayOutputStream();
            Storm warm = new Storm(w);
            int status = warm.run(new java.io.PrintStream(report, true), System.err);
            if (status != 0) {
                System.exit(status);
            }
            System.err.printf("[storm] warm-up: %d machines, %d completed, %d failed%n", w.clients,
                    warm.stats.completed.get(), warm.stats.failed.get());
            // Let the server close what the warm-up left open before the measured storm.
            Thread.sleep(1000);
        }
        int status = new Storm(options).run(System.out, System.err);
        System.exit(status);
    }
}
