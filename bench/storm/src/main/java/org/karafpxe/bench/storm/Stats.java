package org.karafpxe.bench.storm;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a storm measured. Counters are shared by the event loops; each latency slot is written once,
 * by the loop that owns its client, and read after every client has finished.
 */
final class Stats {

    enum Phase {
        OFFER("offer", "DISCOVER to proxy OFFER"),
        ACK("ack", "REQUEST to boot server ACK"),
        TFTP("tftp", "first RRQ to last block"),
        BOOT("boot", "start to verified boot file");

        final String key;
        final String what;

        Phase(String key, String what) {
            this.key = key;
            this.what = what;
        }
    }

    final int clients;
    final int biosClients;
    /** Microseconds per phase and client; -1 when the client did not get through that phase. */
    private final int[][] micros;

    final LongAdder dhcpSent = new LongAdder();
    final LongAdder dhcpReceived = new LongAdder();
    final LongAdder tftpSent = new LongAdder();
    final LongAdder tftpReceived = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final LongAdder fileBytes = new LongAdder();
    final LongAdder discoverRetransmits = new LongAdder();
    final LongAdder requestRetransmits = new LongAdder();
    final LongAdder tftpRetransmits = new LongAdder();
    final LongAdder tftpOutOfOrder = new LongAdder();
    final LongAdder tftpDuplicates = new LongAdder();
    /** Answers that matched no waiting client: repeats, late ones, other transfers' packets. */
    final LongAdder stray = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder socketErrors = new LongAdder();
    /** Received packets dropped on purpose (--loss). */
    final LongAdder dropped = new LongAdder();

    final AtomicInteger completed = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger completedBios = new AtomicInteger();
    final AtomicInteger completedUefi = new AtomicInteger();
    final AtomicLong lastEndNanos = new AtomicLong(Long.MIN_VALUE);
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

    /** Measured around the storm when the server's process is known; NaN or -1 otherwise. */
    double serverCpuSeconds = Double.NaN;
    long serverRssKib = -1;
    long serverPeakRssKib = -1;
    /** Whether the peak was reset before the storm (else it is the peak since the server started). */
    boolean serverPeakIsStorms;
    double generatorCpuSeconds = Double.NaN;

    Stats(int clients, int biosClients) {
        this.clients = clients;
        this.biosClients = biosClients;
        micros = new int[Phase.values().length][clients];
        for (int[] m : micros) {
            Arrays.fill(m, -1);
        }
    }

    void latency(Phase phase, int client, long nanos) {
        micros[phase.ordinal()][client] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, nanos / 1000));
    }

    void failure(String reason) {
        failures.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    Map<String, Long> failures() {
        Map<String, Long> sorted = new TreeMap<>();
        failures.forEach((k, v) -> sorted.put(k, v.sum()));
        return sorted;
    }

    /** p50, p99 and max in milliseconds, and how many clients got through the phase. */
    record Summary(int count, double p50, double p99, double max) {
    }

    Summary summary(Phase phase) {
        int[] all = micros[phase.ordinal()];
        int[] v = Arrays.stream(all).filter(x -> x >= 0).toArray();
        if (v.length == 0) {
            return new Summary(0, Double.NaN, Double.NaN, Double.NaN);
        }
        Arrays.sort(v);
        return new Summary(v.length, rank(v, 0.50) / 1000.0, rank(v, 0.99) / 1000.0, v[v.length - 1] / 1000.0);
    }

    /** Nearest-rank percentile. */
    private static int rank(int[] sorted, double p) {
        int r = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, r - 1))];
    }

    String text(StormOptions o, double stormSeconds) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Boot storm: %d clients (%d BIOS, %d UEFI)%n", clients, biosClients,
                clients - biosClients));
        s.append("  ").append(o.describe()).append('\n');
        s.append(String.format(Locale.ROOT, "completed %d (BIOS %d, UEFI %d), failed %d%n", completed.get(),
                completedBios.get(), completedUefi.get(), failed.get()));
        s.append(String.format(Locale.ROOT, "storm wall time %.3f s (first start to last client done)%n",
                stormSeconds));
        s.append(String.format(Locale.ROOT, "%-6s %-32s %7s %10s %10s %10s%n", "phase", "", "clients", "p50 ms",
                "p99 ms", "max ms"));
        for (Phase p : Phase.values()) {
            Summary m = summary(p);
            s.append(String.format(Locale.ROOT, "%-6s %-32s %7d %10s %10s %10s%n", p.key, p.what, m.count(),
                    ms(m.p50()), ms(m.p99()), ms(m.max())));
        }
        s.append(String.format(Locale.ROOT, "packets sent %d (DHCP %d, TFTP %d), received %d (DHCP %d, TFTP %d)%n",
                dhcpSent.sum() + tftpSent.sum(), dhcpSent.sum(), tftpSent.sum(),
                dhcpReceived.sum() + tftpReceived.sum(), dhcpReceived.sum(), tftpReceived.sum()));
        s.append(String.format(Locale.ROOT, "retransmits: DISCOVER %d, REQUEST %d, TFTP %d; TFTP blocks out of order "
                + "%d, duplicate %d; stray %d, malformed %d, socket errors %d%n", discoverRetransmits.sum(),
                requestRetransmits.sum(), tftpRetransmits.sum(), tftpOutOfOrder.sum(), tftpDuplicates.sum(),
                stray.sum(), malformed.sum(), socketErrors.sum()));
        if (dropped.sum() > 0) {
            s.append(String.format(Locale.ROOT, "dropped on receipt (--loss): %d%n", dropped.sum()));
        }
        s.append(String.format(Locale.ROOT, "bytes: sent %d, received %d (UDP payload), boot files %d%n",
                bytesSent.sum(), bytesReceived.sum(), fileBytes.sum()));
        if (serverPeakRssKib >= 0) {
            s.append(String.format(Locale.ROOT, "server: CPU %.2f s, peak RSS %.1f MiB%s, RSS after %.1f MiB%n",
                    serverCpuSeconds, serverPeakRssKib / 1024.0,
                    serverPeakIsStorms ? " (during the storm)" : " (since it started)", serverRssKib / 1024.0));
        }
        s.append(String.format(Locale.ROOT, "generator CPU %.2f s%n", generatorCpuSeconds));
        Map<String, Long> f = failures();
        if (!f.isEmpty()) {
            s.append("failures:\n");
            f.forEach((k, v) -> s.append(String.format(Locale.ROOT, "  %6d  %s%n", v, k)));
        }
        return s.toString();
    }

    String json(StormOptions o, double stormSeconds) {
        StringBuilder s = new StringBuilder(512);
        s.append("{\"clients\":").append(clients)
                .append(",\"bios\":").append(biosClients)
                .append(",\"uefi\":").append(clients - biosClients)
                .append(",\"rate\":").append(num(o.rate))
                .append(",\"completed\":").append(completed.get())
                .append(",\"completed_bios\":").append(completedBios.get())
                .append(",\"completed_uefi\":").append(completedUefi.get())
                .append(",\"failed\":").append(failed.get())
                .append(",\"failures\":{");
        boolean first = true;
        for (Map.Entry<String, Long> e : failures().entrySet()) {
            s.append(first ? "" : ",").append('"').append(escape(e.getKey())).append("\":").append(e.getValue());
            first = false;
        }
        s.append("},\"storm_s\":").append(num(stormSeconds));
        for (Phase p : Phase.values()) {
            Summary m = summary(p);
            s.append(",\"").append(p.key).append("_ms\":{\"n\":").append(m.count())
                    .append(",\"p50\":").append(num(m.p50()))
                    .append(",\"p99\":").append(num(m.p99()))
                    .append(",\"max\":").append(num(m.max())).append('}');
        }
        s.append(",\"packets_sent\":").append(dhcpSent.sum() + tftpSent.sum())
                .append(",\"packets_received\":").append(dhcpReceived.sum() + tftpReceived.sum())
                .append(",\"dhcp_sent\":").append(dhcpSent.sum())
                .append(",\"dhcp_received\":").append(dhcpReceived.sum())
                .append(",\"tftp_sent\":").append(tftpSent.sum())
                .append(",\"tftp_received\":").append(tftpReceived.sum())
                .append(",\"retransmits\":{\"discover\":").append(discoverRetransmits.sum())
                .append(",\"request\":").append(requestRetransmits.sum())
                .append(",\"tftp\":").append(tftpRetransmits.sum()).append('}')
                .append(",\"tftp_out_of_order\":").append(tftpOutOfOrder.sum())
                .append(",\"tftp_duplicates\":").append(tftpDuplicates.sum())
                .append(",\"stray\":").append(stray.sum())
                .append(",\"malformed\":").append(malformed.sum())
                .append(",\"socket_errors\":").append(socketErrors.sum())
                .append(",\"dropped_by_loss\":").append(dropped.sum())
                .append(",\"bytes_sent\":").append(bytesSent.sum())
                .append(",\"bytes_received\":").append(bytesReceived.sum())
                .append(",\"file_bytes\":").append(fileBytes.sum())
                .append(",\"server_cpu_s\":").append(num(serverCpuSeconds))
                .append(",\"server_peak_rss_kib\":").append(serverPeakRssKib < 0 ? "null" : serverPeakRssKib)
                .append(",\"server_peak_rss_during_storm\":").append(serverPeakIsStorms)
                .append(",\"server_rss_after_kib\":").append(serverRssKib < 0 ? "null" : serverRssKib)
                .append(",\"generator_cpu_s\":").append(num(generatorCpuSeconds))
                .append('}');
        return s.toString();
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "null";
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String escape(String v) {
        StringBuilder s = new StringBuilder(v.length());
        for (char c : v.toCharArray()) {
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20) {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }
}
