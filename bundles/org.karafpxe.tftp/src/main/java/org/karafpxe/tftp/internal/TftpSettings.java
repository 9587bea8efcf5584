package org.karafpxe.tftp.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.karafpxe.support.CheckedConfig;

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

    public TftpSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(busyPoll, "busyPoll");
        requireRange("port", port, 0, 65535);
        requireRange("maxBlockSize", maxBlockSize, OptionNegotiator.MIN_BLOCK_SIZE, OptionNegotiator.MAX_BLOCK_SIZE);
        requireRange("maxWindowSize", maxWindowSize, 1, 64);
        requireRange("retries", retries, 1, 20);
        requireRange("maxSessions", maxSessions, 1, 65535);
        requireRange("maxSessionsPerClient", maxSessionsPerClient, 1, 65535);
        requireRange("maxWaiting", maxWaiting, 0, 65535);
        requireRange("busyPoll (us)", busyPoll.toNanos() / 1000, 0, 5000);
        if (timeout.isNegative() || timeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        problems = List.copyOf(problems);
    }

    public static TftpSettings defaults() {
        return from(Map.of());
    }

    /** From a configuration as Config Admin holds it (every value a String), for the plain core's tests. */
    public static TftpSettings from(Map<String, ?> properties) {
        return from(CheckedConfig.of(TftpConfig.class, null, properties));
    }

    static TftpSettings from(CheckedConfig<TftpConfig> checked) {
        TftpConfig c = checked.config();
        return new TftpSettings(c.enabled(), checked.address(TftpConfig::address), c.port(), c.blksize_max(),
                c.windowsize_max(), Duration.ofMillis(c.timeout_ms()), c.retries(), c.sessions_max(),
                c.sessions_per_client(), c.sessions_waiting(), Duration.ofSeconds(c.idle_timeout_s()),
                Duration.ofNanos(c.busy_poll_us() * 1000), checked.problems());
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

    private static void requireRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ": " + value);
        }
    }
}
