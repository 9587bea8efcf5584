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
}
