package org.karafpxe.tftp.internal;

/**
 * Snapshot of a transfer for session listings.
 *
 * @param startNanos   time given to {@code start}, on the caller's nano clock
 * @param totalBytes   size of the content, or -1 if unknown
 * @param bytesSent    distinct payload bytes sent; retransmissions are not counted again
 * @param retransmits  timeouts that led to resending the OACK or the window
 * @param blocksResent DATA blocks sent more than once, by timeout or by a window resuming after loss
 * @param detail       why the transfer failed or the client's error, empty otherwise
 */
public record TransferStats(TransferState state, long startNanos, int blockSize, int windowSize, long totalBytes,
                            long bytesSent, long retransmits, long blocksResent, String detail) {
}
