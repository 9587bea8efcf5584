package org.karafpxe.web.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.karafpxe.tftp.TftpSessionInfo;

/**
 * The MAC of a client on this host's own segments, from the kernel's neighbour table
 * ({@code /proc/net/arp}): how a TFTP transfer, which carries only the client's address, is joined
 * to the machine whose decisions carry only its MAC. A client behind a relay is not in the table
 * (its router is), so it is not joined rather than joined wrongly. Read at most once a second;
 * Linux only (elsewhere nothing is joined).
 */
final class Neighbours {
    static final Path ARP = Path.of("/proc/net/arp");
    /** The kernel's table is bounded by its own settings; this bounds what is kept of it all the same. */
    static final int MAX = 65_536;
    private static final long REFRESH_NANOS = 1_000_000_000L;

    private final Path table;
    private Map<String, String> macs = Map.of();
    private long readAt = Long.MIN_VALUE;

    Neighbours() {
        this(ARP);
    }

    Neighbours(Path table) {
        this.table = table;
    }

    /** The MAC the kernel holds for this IPv4 address, if the entry is complete. */
    synchronized Optional<String> mac(String address) {
        long now = System.nanoTime();
        if (readAt == Long.MIN_VALUE || now - readAt > REFRESH_NANOS) {
            readAt = now;
            macs = read(table);
        }
        return Optional.ofNullable(macs.get(address));
    }

    /** The MAC of a TFTP transfer's client. */
    Optional<String> mac(TftpSessionInfo transfer) {
        return mac(transfer.client().getAddress().getHostAddress());
    }

    /** "IP address  HW type  Flags  HW address  Mask  Device" lines; flag 0x2 is a complete entry. */
    static Map<String, String> parse(List<String> lines) {
        Map<String, String> macs = new HashMap<>();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 4 || macs.size() >= MAX) {
                continue;
            }
            int flags;
            try {
                flags = Integer.decode(f[2]);
            } catch (NumberFormatException e) {
                continue;
            }
            String mac = f[3].toLowerCase(Locale.ROOT);
            if ((flags & 0x2) != 0 && mac.matches("([0-9a-f]{2}:){5}[0-9a-f]{2}") && !mac.equals("00:00:00:00:00:00")) {
                macs.put(f[0], mac);
            }
        }
        return macs;
    }

    private static Map<String, String> read(Path table) {
        try {
            return parse(Files.readAllLines(table));
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }
}
