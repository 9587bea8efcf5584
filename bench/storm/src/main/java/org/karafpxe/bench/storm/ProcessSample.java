package org.karafpxe.bench.storm;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and memory of a server process, read from /proc around a storm: utime + stime of
 * /proc/PID/stat, and the peak resident set (VmHWM of /proc/PID/status), whose mark is reset before
 * the storm by writing 5 to /proc/PID/clear_refs, so that the peak is the storm's own.
 */
record ProcessSample(long cpuTicks, long rssKib, long peakRssKib) {

    /** Resets the process's peak RSS mark; false when the kernel or permissions do not allow it. */
    static boolean resetPeak(long pid) {
        try {
            Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Null when the process cannot be read. */
    static ProcessSample take(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // The command name may hold spaces and parentheses: fields count from the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            long rss = -1;
            long hwm = -1;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"),
                    StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kib(line);
                }
            }
            return new ProcessSample(ticks, rss, hwm);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    /** CPU seconds this JVM has used, all threads. */
    static double ownCpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }
}
