package org.karafpxe.tftp;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The running TFTP server as the console and monitoring see it. */
@ProviderType
public interface TftpService {

    /** Transfers in progress, oldest first. */
    List<TftpSessionInfo> sessions();

    /** Counters since the server bundle started, and whether the server is listening. */
    TftpStatistics statistics();

    /**
     * The transfers that ended last, newest first, at most {@code limit} (the server keeps the last
     * {@value #RECENT_KEPT}): a transfer too short to be seen in {@link #sessions()} is seen here.
     *
     * @since 1.2
     */
    default List<TftpTransfer> recentTransfers(int limit) {
        return List.of();
    }

    /** How many ended transfers the server keeps for {@link #recentTransfers}. */
    int RECENT_KEPT = 256;
}
