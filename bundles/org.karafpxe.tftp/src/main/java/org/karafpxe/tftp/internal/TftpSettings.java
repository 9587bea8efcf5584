package org.karafpxe.tftp.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.karafpxe.support.ConfigValues;

/**
 * The TFTP server's validated settings, from {@code etc/org.karafpxe.tftp.cfg}. A bad value is reported
 * in {@link #problems()} with what is allowed and replaced by its default.
 *
 * @param enabled              whether to listen at all
 * @param address              the address to listen on; transfers are sent from the same address
 * @param port                 the listening port; 0 (only reachable from code) picks a free one
 * @param maxBlockSize         largest block size agreed to
 * @param maxWindowSize        largest window size (RFC 7440) agreed to
 * @param timeout              retransmission timeout when the client asks for none
 * @param retries              timeouts in a row tolerated before a transfer fails
 * @param maxSessions          sessions at once, over all clients
 * @param maxSessionsPerClient sessions at once from one IP address
 * @param maxWaiting           read requests that wait for a free session when all are taken
 * @param idleTimeout          a transfer that has made no progress for this long ends
 * @param busyPoll             how long an event loop keeps polling after a packet before it sleeps, while
 *                             few transfers run ({@link BusyPollStrategy}); zero never polls
 * @param problems             what was wrong with the configuration, for the log
 */
public record TftpSettings(boolean enabled, InetAddress address, int port, int maxBlockSize, int maxWindowSize,
                           Duration timeout, int retries, int maxSessions, int maxSessionsPerClient,
                           int maxWaiting, Duration idleTimeout, Duration busyPoll, List<String> problems) {

    public static final String PID = "org.karafpxe.tftp";

    static final String ENABLED = "enabled";
    static final String ADDRESS = "address";
    static final String PORT = "port";
    static final String BLKSIZE_MAX = "blksize.max";
    static final String WINDOWSIZE_MAX = "windowsize.max";
    static final String TIMEOUT_MS = "timeout.ms";
    static final String RETRIES = "retries";
    static final String SESSIONS_MAX = "sessions.max";
    static final String SESSIONS_PER_CLIENT = "sessions.per.client";
    static final String SESSIONS_WAITING = "sessions.waiting";
    static final String IDLE_TIMEOUT_S = "idle.timeout.s";
    static final String BUSY_POLL_US = "busy.poll.us";

    static final int DEFAULT_PORT = 69;
    static final int DEFAULT_BLKSIZE_MAX = OptionNegotiator.MAX_BLOCK_SIZE;
    /*
     * RFC 7440 measured the gain flattening out around 16 blocks; beyond it, a burst mostly overflows the
     * receive buffers of small firmware stacks and costs retransmissions.
     */
    static final int DEFAULT_WINDOWSIZE_MAX = 16;
    static final int MAX_WINDOWSIZE_MAX = 64;
    static final long DEFAULT_TIMEOUT_MS = 1000;
    static final int DEFAULT_RETRIES = 5;
    static final int DEFAULT_SESSIONS_MAX = 1024;
    static final int DEFAULT_SESSIONS_PER_CLIENT = 8;
    /* A room of machines powering on at once asks all at the same moment; they wait their turn. */
    static final int DEFAULT_SESSIONS_WAITING = 16384;
    static final long DEFAULT_IDLE_TIMEOUT_S = 30;
    /* Longer than a window's round trip on a busy link, short enough that an idle server sleeps at once. */
    static final long DEFAULT_BUSY_POLL_US = 200;
    /* Polling longer only keeps a CPU busy after the last transfer has ended. */
    static final long MAX_BUSY_POLL_US = 5000;

    public TftpSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(busyPoll, "busyPoll");
        requireRange("port", port, 0, 65535);
        requireRange("maxBlockSize", maxBlockSize, OptionNegotiator.MIN_BLOCK_SIZE, OptionNegotiator.MAX_BLOCK_SIZE);
        requireRange("maxWindowSize", maxWindowSize, 1, MAX_WINDOWSIZE_MAX);
        requireRange("retries", retries, 1, 20);
        requireRange("maxSessions", maxSessions, 1, 65535);
        requireRange("maxSessionsPerClient", maxSessionsPerClient, 1, 65535);
        requireRange("maxWaiting", maxWaiting, 0, 65535);
        requireRange("busyPoll (us)", busyPoll.toNanos() / 1000, 0, MAX_BUSY_POLL_US);
        if (timeout.isNegative() || timeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        problems = List.copyOf(problems);
    }

    public static TftpSettings defaults() {
        return from(Map.of());
    }

    public static TftpSettings from(Map<String, ?> properties) {
        ConfigValues values = new ConfigValues(properties);
        boolean enabled = values.flag(ENABLED, true);
        InetAddress address = values.address(ADDRESS, anyAddress());
        int port = (int) values.number(PORT, DEFAULT_PORT, 1, 65535);
        int blksize = (int) values.number(BLKSIZE_MAX, DEFAULT_BLKSIZE_MAX, OptionNegotiator.MIN_BLOCK_SIZE,
                OptionNegotiator.MAX_BLOCK_SIZE);
        int windowsize = (int) values.number(WINDOWSIZE_MAX, DEFAULT_WINDOWSIZE_MAX, 1, MAX_WINDOWSIZE_MAX);
        long timeoutMs = values.number(TIMEOUT_MS, DEFAULT_TIMEOUT_MS, 100, 10_000);
        int retries = (int) values.number(RETRIES, DEFAULT_RETRIES, 1, 20);
        int sessions = (int) values.number(SESSIONS_MAX, DEFAULT_SESSIONS_MAX, 1, 65535);
        int perClient = (int) values.number(SESSIONS_PER_CLIENT, DEFAULT_SESSIONS_PER_CLIENT, 1, 65535);
        int waiting = (int) values.number(SESSIONS_WAITING, DEFAULT_SESSIONS_WAITING, 0, 65535);
        long idleS = values.number(IDLE_TIMEOUT_S, DEFAULT_IDLE_TIMEOUT_S, 1, 3600);
        long busyPollUs = values.number(BUSY_POLL_US, DEFAULT_BUSY_POLL_US, 0, MAX_BUSY_POLL_US);
        return new TftpSettings(enabled, address, port, blksize, windowsize, Duration.ofMillis(timeoutMs), retries,
                sessions, perClient, waiting, Duration.ofSeconds(idleS), Duration.ofNanos(busyPollUs * 1000),
                values.problems());
    }

    public InetSocketAddress endpoint() {
        return new InetSocketAddress(address, port);
    }

    /** Whether {@code other} needs the listening socket re-bound; everything else applies to new sessions. */
    public boolean sameListener(TftpSettings other) {
        return enabled == other.enabled && address.equals(other.address) && port == other.port;
    }

    public TftpSettings withEndpoint(InetAddress newAddress, int newPort) {
        return new TftpSettings(enabled, newAddress, newPort, maxBlockSize, maxWindowSize, timeout, retries,
                maxSessions, maxSessionsPerClient, maxWaiting, idleTimeout, busyPoll, problems);
    }

    OptionNegotiator negotiator() {
        return new OptionNegotiator(maxBlockSize, maxWindowSize, timeout);
    }

    private static InetAddress anyAddress() {
        return ConfigValues.literal("::");
    }

    private static void requireRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ": " + value);
        }
    }
}
