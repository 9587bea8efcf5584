package org.karafpxe.tftp;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Counters of the TFTP server since its bundle started; they survive a restart of the listener after a
 * configuration change.
 *
 * @param requests             read and write requests received on the listening port, duplicates included
 * @param transfersCompleted   transfers whose final block the client acknowledged
 * @param abortedByClient      transfers the client ended with an ERROR; routine for UEFI firmware, which asks
 *                             for the size, reads the OACK and ends with ERROR 8 before fetching the file
 * @param failed               transfers that ran out of retries, went idle, or whose file could not be read
 * @param refusedNotFound      requests answered with ERROR 1: no boot file source has the file
 * @param refusedAccess        requests answered with ERROR 2: a name leaving the root, or a source refused it
 * @param refusedWriteRequest  write requests, answered with ERROR 2: the server is read-only
 * @param refusedLimit         requests answered with ERROR 0 because a session limit was reached
 * @param refusedMode          requests in a transfer mode other than octet and netascii, answered with ERROR 4
 * @param malformedDropped     datagrams that were not TFTP packets, or not requests on the listening port
 * @param bytesSent            distinct payload bytes sent
 * @param retransmits          timeouts after which the server sent again
 * @param activeSessions       sessions being opened or transferring now
 * @param enabled              whether the configuration asks for the server to listen
 * @param listening            whether the listening socket is bound
 * @param address              the address and port the server listens on, or tried to
 * @param bindError            why the server could not listen; empty when it listens or is disabled
 */
public record TftpStatistics(long requests, long transfersCompleted, long abortedByClient, long failed,
                             long refusedNotFound, long refusedAccess, long refusedWriteRequest, long refusedLimit,
                             long refusedMode, long malformedDropped, long bytesSent, long retransmits,
                             int activeSessions, boolean enabled, boolean listening, InetSocketAddress address,
                             String bindError) {

    public TftpStatistics {
        Objects.requireNonNull(address, "address");
        bindError = bindError == null ? "" : bindError;
    }
}
