package org.karafpxe.shell.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;

/** How the TFTP commands write sizes, rates, ages and addresses. */
final class TftpFormat {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private TftpFormat() {
    }

    static String bytes(long count) {
        if (count < 0) {
            return "?";
        }
        double value = count;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? count + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    static String rate(double bytesPerSecond) {
        return bytes((long) bytesPerSecond) + "/s";
    }

    static String percent(double percent) {
        return percent < 0 ? "?" : String.format(Locale.ROOT, "%.0f%%", percent);
    }

    static String age(Duration age) {
        long seconds = age.toSeconds();
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1fs", age.toMillis() / 1000.0);
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
    }

    static String address(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
