package org.karafpxe.tftp.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.karafpxe.tftp.ReadRequest;

/**
 * Answers the options of a read request (RFC 2347 framework; blksize RFC 2348, tsize and timeout RFC 2349,
 * windowsize RFC 7440).
 *
 * <p>Only options the client asked for are echoed, in its order; unknown ones and ones with unusable values
 * are left out rather than refused, which RFC 2347 allows and which keeps old clients working. Values are
 * echoed in canonical decimal form.
 */
public final class OptionNegotiator {

    public static final String BLKSIZE = "blksize";
    public static final String TSIZE = "tsize";
    public static final String TIMEOUT = "timeout";
    public static final String WINDOWSIZE = "windowsize";

    private static final Set<String> KNOWN = Set.of(BLKSIZE, TSIZE, TIMEOUT, WINDOWSIZE);

    public static final int DEFAULT_BLOCK_SIZE = 512;
    public static final int MIN_BLOCK_SIZE = 8;
    public static final int MAX_BLOCK_SIZE = 65464;
    public static final int MAX_WINDOW_SIZE = 65535;
    public static final int MIN_TIMEOUT_SECONDS = 1;
    public static final int MAX_TIMEOUT_SECONDS = 255;

    /** Largest block that fits an Ethernet frame without IP fragmentation: 1500 - 20 (IP) - 8 (UDP) - 4. */
    public static final int ETHERNET_BLOCK_SIZE = 1468;

    private final int maxBlockSize;
    private final int maxWindowSize;
    private final Duration defaultTimeout;

    /**
     * @param maxBlockSize  largest block the server agrees to; bigger requests are lowered to it
     * @param maxWindowSize largest window the server agrees to; bigger requests are lowered to it
     * @param defaultTimeout retransmission timeout when the client does not ask for one
     */
    public OptionNegotiator(int maxBlockSize, int maxWindowSize, Duration defaultTimeout) {
        if (maxBlockSize < MIN_BLOCK_SIZE || maxBlockSize > MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("max block size out of range: " + maxBlockSize);
        }
        if (maxWindowSize < 1 || maxWindowSize > MAX_WINDOW_SIZE) {
            throw new IllegalArgumentException("max window size out of range: " + maxWindowSize);
        }
        if (defaultTimeout.isNegative() || defaultTimeout.isZero()) {
            throw new IllegalArgumentException("default timeout must be positive");
        }
        this.maxBlockSize = maxBlockSize;
        this.maxWindowSize = maxWindowSize;
        this.defaultTimeout = defaultTimeout;
    }

    /**
     * @param requested option names (lower-case) and values from the RRQ
     * @param size      bytes the transfer will send, or -1 when unknown (tsize is then left out)
     */
    public Negotiated negotiate(Map<String, String> requested, long size) {
        int blockSize = DEFAULT_BLOCK_SIZE;
        int windowSize = 1;
        Duration timeout = defaultTimeout;
        Map<String, String> oack = new LinkedHashMap<>();
        for (Map.Entry<String, String> option : requested.entrySet()) {
            long value = parse(option.getValue());
            switch (option.getKey()) {
                case BLKSIZE -> {
                    if (value >= MIN_BLOCK_SIZE) {
                        blockSize = (int) Math.min(value, maxBlockSize);
                        oack.put(BLKSIZE, Integer.toString(blockSize));
                    }
                }
                case TSIZE -> {
                    // A client sends 0 in an RRQ; the value carries no meaning, only that it is a number.
                    if (value >= 0 && size >= 0) {
                        oack.put(TSIZE, Long.toString(size));
                    }
                }
                case TIMEOUT -> {
                    if (value >= MIN_TIMEOUT_SECONDS && value <= MAX_TIMEOUT_SECONDS) {
                        timeout = Duration.ofSeconds(value);
                        oack.put(TIMEOUT, Long.toString(value));
                    }
                }
                case WINDOWSIZE -> {
                    if (value >= 1 && value <= MAX_WINDOW_SIZE) {
                        windowSize = (int) Math.min(value, maxWindowSize);
                        oack.put(WINDOWSIZE, Integer.toString(windowSize));
                    }
                }
                default -> {
                    // Unknown options are not acknowledged, which tells the client they are not in effect.
                }
            }
        }
        return new Negotiated(blockSize, windowSize, timeout, !oack.isEmpty(), oack);
    }

    /** Non-negative decimal value, saturated so huge numbers still compare as large; -1 if not a number. */
    private static long parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = Math.min(value * 10 + (c - '0'), Integer.MAX_VALUE);
        }
        return value;
    }

    /** The request with only the options negotiation reads: what a session or the waiting queue keeps. */
    static ReadRequest known(ReadRequest request) {
        if (KNOWN.containsAll(request.options().keySet())) {
            return request;
        }
        Map<String, String> kept = new LinkedHashMap<>();
        request.options().forEach((k, v) -> {
            if (KNOWN.contains(k)) {
                kept.put(k, v);
            }
        });
        return new ReadRequest(request.filename(), request.mode(), kept);
    }
}
