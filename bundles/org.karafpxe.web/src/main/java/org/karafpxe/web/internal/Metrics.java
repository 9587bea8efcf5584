package org.karafpxe.web.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.ObjectName;
import org.karafpxe.dhcp.service.DhcpStatistics;
import org.karafpxe.engine.BootChain;
import org.karafpxe.engine.LatencyHistogram;
import org.karafpxe.engine.ProviderStatus;
import org.karafpxe.engine.RequestCount;
import org.karafpxe.store.StoreOperations;
import org.karafpxe.store.StoreStatistics;
import org.karafpxe.tftp.TftpStatistics;

/**
 * The server's figures as metric families, named and labelled as Prometheus expects (base units,
 * {@code _total} counters, {@code _seconds} histograms), rendered in its text format and offered to
 * JMX. Everything is read from counters the server keeps anyway: a scrape costs the boot path nothing.
 */
final class Metrics {

    /** One labelled value. */
    record Point(Map<String, String> labels, double value) {
    }

    /** A metric family: name, type (counter, gauge, histogram), help, points. */
    record Family(String name, String type, String help, List<Point> points) {
    }

    private final Services services;

    Metrics(Services services) {
        this.services = services;
    }

    List<Family> collect() {
        List<Family> out = new ArrayList<>();
        chain(out);
        dhcp(out);
        tftp(out);
        store(out);
        jvm(out);
        return out;
    }

    private void chain(List<Family> out) {
        BootChain chain = services.chain();
        if (chain == null) {
            return;
        }
        List<Point> requests = new ArrayList<>();
        for (RequestCount c : chain.requestCounts()) {
            requests.add(new Point(labels("port", String.valueOf(c.port()), "client", c.client(), "decision",
                    c.outcome().toLowerCase(Locale.ROOT), "provider", c.decidedBy()), c.count()));
        }
        out.add(new Family("pxe_requests_total", "counter",
                "Boot requests decided, by UDP port, client (PXE firmware, iPXE, UEFI HTTP boot), decision and the "
                        + "provider that decided.", requests));
        List<Point> answers = new ArrayList<>();
        for (ProviderStatus p : chain.providers()) {
            answers.add(new Point(labels("provider", p.name(), "answer", "service"), p.service()));
            answers.add(new Point(labels("provider", p.name(), "answer", "ignore"), p.ignore()));
            answers.add(new Point(labels("provider", p.name(), "answer", "pass"), p.pass()));
            answers.add(new Point(labels("provider", p.name(), "answer", "error"), p.errors()));
            answers.add(new Point(labels("provider", p.name(), "answer", "timeout"), p.timeouts()));
        }
        out.add(new Family("pxe_provider_answers_total", "counter",
                "What each provider in the chain said when asked.", answers));
        out.add(histogram("pxe_chain_decision_seconds",
                "Time from a request's turn to its decision, providers included (the wait for a worker left out).",
                Map.of(), chain.decisionHistogram()));
        List<Point> providerTimes = new ArrayList<>();
        chain.providerHistograms().forEach((name, h) -> providerTimes.addAll(histogramPoints(labels("provider", name), h)));
        out.add(new Family("pxe_provider_answer_seconds", "histogram", "Time each provider took to answer.",
                providerTimes));
    }

    private static Family histogram(String name, String help, Map<String, String> base, LatencyHistogram h) {
        return new Family(name, "histogram", help, histogramPoints(base, h));
    }

    /** A histogram's buckets, sum and count, each sample labelled with {@code base}. */
    private static List<Point> histogramPoints(Map<String, String> base, LatencyHistogram h) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < h.upperBounds().size(); i++) {
            double le = h.upperBounds().get(i);
            Map<String, String> l = new LinkedHashMap<>(base);
            l.put("le", Double.isInfinite(le) ? "+Inf" : BigDecimal.valueOf(le).stripTrailingZeros().toPlainString());
            points.add(new Point(withSuffix(l, "_bucket"), h.counts().get(i)));
        }
        points.add(new Point(withSuffix(base, "_sum"), h.sumSeconds()));
        points.add(new Point(withSuffix(base, "_count"), h.count()));
        return points;
    }

    /** A histogram's sample names carry a suffix: kept as a label the renderer takes off. */
    private static Map<String, String> withSuffix(Map<String, String> labels, String suffix) {
        Map<String, String> l = new LinkedHashMap<>(labels);
        l.put("__suffix", suffix);
        return l;
    }

    private void dhcp(List<Family> out) {
        if (services.dhcp() == null) {
            return;
        }
        DhcpStatistics s = services.dhcp().statistics();
        List<Point> received = new ArrayList<>();
        List<Point> answered = new ArrayList<>();
        List<Point> ignored = new ArrayList<>();
        List<Point> dropped = new ArrayList<>();
        List<Point> failed = new ArrayList<>();
        List<Point> other = new ArrayList<>();
        s.counters().forEach((key, value) -> {
            String family = key.startsWith("v6.") ? "6" : "4";
            String name = key.startsWith("v6.") ? key.substring(3) : key;
            int dot = name.indexOf('.');
            String head = dot < 0 ? name : name.substring(0, dot);
            String tail = dot < 0 ? "" : name.substring(dot + 1);
            switch (head) {
                case "received" -> received.add(new Point(labels("family", family), value));
                case "answered" -> answered.add(new Point(labels("family", family, "message", tail), value));
                case "ignored" -> ignored.add(new Point(labels("family", family, "reason", tail), value));
                case "dropped" -> dropped.add(new Point(labels("family", family, "reason", tail), value));
                case "failed" -> failed.add(new Point(labels("family", family, "reason", tail), value));
                default -> other.add(new Point(labels("family", family, "what", name), value));
            }
        });
        out.add(new Family("pxe_dhcp_received_total", "counter", "DHCP packets received (IPv4 on 67 and 4011, "
                + "DHCPv6 on 547 and 4011).", received));
        out.add(new Family("pxe_dhcp_answered_total", "counter", "Answers sent: offer (OFFER, ADVERTISE) or ack "
                + "(ACK, REPLY).", answered));
        out.add(new Family("pxe_dhcp_ignored_total", "counter", "Requests left unanswered, by reason.", ignored));
        out.add(new Family("pxe_dhcp_dropped_total", "counter", "Packets dropped before any decision, by reason.",
                dropped));
        out.add(new Family("pxe_dhcp_failed_total", "counter", "Answers that could not be sent, by reason.", failed));
        out.add(new Family("pxe_dhcp_noted_total", "counter", "Other DHCP events.", other));
        List<Point> listening = new ArrayList<>();
        s.listeners().forEach(l -> listening.add(new Point(labels("listener", l.name(), "address", l.address()),
                l.listening() ? 1 : 0)));
        out.add(new Family("pxe_dhcp_listening", "gauge", "1 when the listener's socket is bound.", listening));
    }

    private void store(List<Family> out) {
        StoreStatistics stats = services.storeStatistics();
        if (stats == null) {
            return;
        }
        List<Point> times = new ArrayList<>();
        List<Point> failures = new ArrayList<>();
        for (StoreOperations o : stats.operations()) {
            times.addAll(histogramPoints(labels("kind", o.kind()), new LatencyHistogram(o.upperBounds(), o.counts(),
                    o.count(), o.seconds())));
            failures.add(new Point(labels("kind", o.kind()), o.failures()));
        }
        out.add(new Family("pxe_store_operation_seconds", "histogram", "The policy store's database calls and their "
                + "times: read; write (an operator's change, a one-shot task taken), committed and forced to disk; "
                + "bookkeeping (last seen, GUID sightings), committed.", times));
        out.add(new Family("pxe_store_failures_total", "counter", "Database calls that failed (unreachable, full, "
                + "refusing).", failures));
    }

    private void tftp(List<Family> out) {
        if (services.tftp() == null) {
            return;
        }
        TftpStatistics t = services.tftp().statistics();
        out.add(single("pxe_tftp_requests_total", "counter", "TFTP read requests received.", t.requests()));
        out.add(new Family("pxe_tftp_transfers_total", "counter", "TFTP transfers ended, by outcome.", List.of(
                new Point(labels("outcome", "completed"), t.transfersCompleted()),
                new Point(labels("outcome", "aborted"), t.abortedByClient()),
                new Point(labels("outcome", "failed"), t.failed()))));
        out.add(new Family("pxe_tftp_refused_total", "counter", "TFTP requests refused, by reason.", List.of(
                new Point(labels("reason", "not-found"), t.refusedNotFound()),
                new Point(labels("reason", "access"), t.refusedAccess()),
                new Point(labels("reason", "write-request"), t.refusedWriteRequest()),
                new Point(labels("reason", "limit"), t.refusedLimit()),
                new Point(labels("reason", "mode"), t.refusedMode()))));
        out.add(single("pxe_tftp_malformed_dropped_total", "counter", "TFTP packets dropped as malformed.",
                t.malformedDropped()));
        out.add(single("pxe_tftp_sent_bytes_total", "counter", "Boot file bytes sent over TFTP.", t.bytesSent()));
        out.add(single("pxe_tftp_retransmits_total", "counter", "TFTP blocks sent again.", t.retransmits()));
        out.add(single("pxe_tftp_active_transfers", "gauge", "TFTP transfers running now.", t.activeSessions()));
    }

    private static void jvm(List<Family> out) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        out.add(new Family("jvm_memory_used_bytes", "gauge", "Memory used by the JVM, by area.", List.of(
                new Point(labels("area", "heap"), memory.getHeapMemoryUsage().getUsed()),
                new Point(labels("area", "nonheap"), memory.getNonHeapMemoryUsage().getUsed()))));
        List<Point> pools = new ArrayList<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pools.add(new Point(labels("pool", pool.getName()), pool.getUsage().getUsed()));
        }
        out.add(new Family("jvm_memory_pool_used_bytes", "gauge", "Memory used, by pool.", pools));
        out.add(single("jvm_threads_current", "gauge", "Live threads.",
                ManagementFactory.getThreadMXBean().getThreadCount()));
        List<Point> gcCount = new ArrayList<>();
        List<Point> gcTime = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount.add(new Point(labels("gc", gc.getName()), gc.getCollectionCount()));
            gcTime.add(new Point(labels("gc", gc.getName()), gc.getCollectionTime() / 1000.0));
        }
        out.add(new Family("jvm_gc_collections_total", "counter", "Garbage collections, by collector.", gcCount));
        out.add(new Family("jvm_gc_collection_seconds_total", "counter", "Time spent collecting, by collector.",
                gcTime));
        long cpu = cpuNanos();
        if (cpu >= 0) {
            out.add(single("process_cpu_seconds_total", "counter", "CPU time used by the server.", cpu / 1e9));
        }
        out.add(single("process_start_time_seconds", "gauge", "When the server started, in Unix seconds.",
                ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0));
        long rss = residentBytes();
        if (rss >= 0) {
            out.add(single("process_resident_memory_bytes", "gauge", "Resident memory of the server.", rss));
        }
    }

    /** The process's CPU time, read through JMX (the JDK's own attribute, without importing its package). */
    private static long cpuNanos() {
        try {
            Object v = ManagementFactory.getPlatformMBeanServer().getAttribute(
                    new ObjectName(ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME), "ProcessCpuTime");
            return v instanceof Long n ? n : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    /** VmRSS of /proc/self/status on Linux; -1 elsewhere. */
    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }

    private static Family single(String name, String type, String help, double value) {
        return new Family(name, type, help, List.of(new Point(Map.of(), value)));
    }

    static Map<String, String> labels(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** The Prometheus text exposition format, version 0.0.4. */
    static String text(List<Family> families) {
        StringBuilder out = new StringBuilder(8192);
        for (Family f : families) {
            out.append("# HELP ").append(f.name()).append(' ').append(f.help().replace("\\", "\\\\").replace("\n", "\\n"))
                    .append('\n');
            out.append("# TYPE ").append(f.name()).append(' ').append(f.type()).append('\n');
            for (Point p : f.points()) {
                out.append(sampleName(f.name(), p)).append(' ').append(number(p.value())).append('\n');
            }
        }
        return out.toString();
    }

    /** name{label="value",...}, the histogram suffix taken from its pseudo-label. */
    static String sampleName(String family, Point p) {
        StringBuilder out = new StringBuilder(family);
        String suffix = p.labels().get("__suffix");
        if (suffix != null) {
            out.append(suffix);
        }
        boolean first = true;
        for (Map.Entry<String, String> e : p.labels().entrySet()) {
            if (e.getKey().equals("__suffix")) {
                continue;
            }
            out.append(first ? '{' : ',');
            first = false;
            out.append(e.getKey()).append("=\"").append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")
                    .replace("\n", "\\n")).append('"');
        }
        if (!first) {
            out.append('}');
        }
        return out.toString();
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.isNaN(v) ? "NaN" : Double.isInfinite(v) ? (v > 0 ? "+Inf" : "-Inf") : Double.toString(v);
    }
}
