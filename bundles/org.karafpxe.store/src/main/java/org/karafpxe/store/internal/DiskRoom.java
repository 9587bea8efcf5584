package org.karafpxe.store.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToLongFunction;
import org.karafpxe.store.DiskFullException;

/**
 * Keeps writes of an embedded H2 store off a full disk. H2 closes its database when a write to its
 * file fails (it cannot tell what reached the disk), and every read fails after it; so the store
 * refuses a write while the disk holding the file has less than {@link #RESERVE_BYTES} free, and
 * the database stays open for the reads that machines' boots need. PostgreSQL handles a full disk
 * itself (the transaction fails, the server stays up), so it gets no such check.
 */
final class DiskRoom {
    /** Room kept free for the database's own use: its commits, and the chunks it rewrites. */
    static final long RESERVE_BYTES = 8L << 20;

    private final Path folder;
    private final ToLongFunction<Path> usable;

    DiskRoom(Path folder, ToLongFunction<Path> usable) {
        this.folder = folder;
        this.usable = usable;
    }

    /** For an H2 database in a file (not in memory, not over TCP); the JDBC URL as the driver reports it. */
    static Optional<DiskRoom> forH2(String url) {
        if (!url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String rest = url.substring("jdbc:h2:".length()).split(";", 2)[0];
        String lower = rest.toLowerCase(Locale.ROOT);
        if (lower.startsWith("mem:") || lower.startsWith("tcp:") || lower.startsWith("ssl:")
                || lower.startsWith("zip:")) {
            return Optional.empty();
        }
        if (lower.startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        if (rest.startsWith("~")) {
            rest = System.getProperty("user.home") + rest.substring(1);
        }
        Path file = Paths.get(rest).toAbsolutePath();
        Path folder = file.getParent();
        return folder == null ? Optional.empty() : Optional.of(new DiskRoom(folder, DiskRoom::usableSpace));
    }

    /** The folder holding the database's file. */
    Path folder() {
        return folder;
    }

    private static long usableSpace(Path folder) {
        try {
            return Files.getFileStore(folder).getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE; // cannot tell: let the write try, and the database report
        }
    }

    /** Throws when the disk has too little room for a write. */
    void check(String action) {
        long free = usable.applyAsLong(folder);
        if (free < RESERVE_BYTES) {
            throw new DiskFullException("cannot " + action + ": the disk holding the policy store (" + folder
                    + ") is full: " + mib(free) + " free, and the store keeps " + mib(RESERVE_BYTES)
                    + " free for the database's own use. Nothing was written; machines are still answered. "
                    + "Free some space there, and writes succeed again at once");
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
