package org.karafpxe.tftp;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * One transfer in progress.
 *
 * @param client         the client's address and port (its transfer identifier)
 * @param file           the normalised name the client asked for
 * @param bytesSent      distinct payload bytes sent so far; retransmissions are not counted again
 * @param totalBytes     the size of the content, or -1 when not known in advance (netascii, generated files)
 * @param blockSize      the negotiated block size
 * @param windowSize     the negotiated window size (1 without RFC 7440)
 * @param bytesPerSecond average rate since the transfer started
 * @param age            time since the transfer started
 * @param retransmits    timeouts after which the server sent again
 */
public record TftpSessionInfo(InetSocketAddress client, String file, long bytesSent, long totalBytes, int blockSize,
                              int windowSize, double bytesPerSecond, Duration age, long retransmits) {

    public TftpSessionInfo {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(age, "age");
    }

    /** Percentage sent, or -1 when the size is unknown. */
    public double percentDone() {
        if (totalBytes < 0) {
            return -1;
        }
        return totalBytes == 0 ? 100 : 100.0 * bytesSent / totalBytes;
    }
}
