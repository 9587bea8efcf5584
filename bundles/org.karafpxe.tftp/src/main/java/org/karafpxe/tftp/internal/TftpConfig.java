package org.karafpxe.tftp.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The TFTP server's configuration, {@code etc/org.karafpxe.tftp.cfg}, for documentation and configuration
 * tools; the values are read and validated by {@link TftpSettings} and {@link DirectorySettings}.
 */
@ObjectClassDefinition(name = "Karaf PXE TFTP server",
        description = "The read-only TFTP server for boot files, and the directory it serves.")
@interface TftpConfig {

    @AttributeDefinition(description = "Whether the TFTP server listens at all (true or false).")
    boolean enabled() default true;

    @AttributeDefinition(description = "IP address to listen on; :: for every interface, IPv4 and IPv6 (IPv4 "
            + "only on a host without IPv6), 0.0.0.0 for every IPv4 interface. Transfers are sent from the same "
            + "address.")
    String address() default "::";

    @AttributeDefinition(description = "UDP port to listen on (1-65535). Ports below 1024 need root or the "
            + "CAP_NET_BIND_SERVICE capability.")
    int port() default TftpSettings.DEFAULT_PORT;

    @AttributeDefinition(description = "Directory the boot files are served from; nothing outside it is served, "
            + "symbolic links pointing out included.")
    String root() default "${karaf.base}/tftpboot";

    @AttributeDefinition(name = "Case", description = "How file names are matched: exact, or insensitive "
            + "(for Windows clients asking \\Boot\\x86\\WDSNBP.COM of files on a case-sensitive disk).",
            options = {@Option(label = "exact", value = "exact"),
                @Option(label = "insensitive", value = "insensitive")})
    String case$() default "exact";

    @AttributeDefinition(description = "Largest block size agreed to (8-65464).")
    int blksize_max() default TftpSettings.DEFAULT_BLKSIZE_MAX;

    @AttributeDefinition(description = "Largest window size (RFC 7440) agreed to (1-64).")
    int windowsize_max() default TftpSettings.DEFAULT_WINDOWSIZE_MAX;

    @AttributeDefinition(description = "Retransmission timeout in ms when the client asks for none (100-10000).")
    long timeout_ms() default TftpSettings.DEFAULT_TIMEOUT_MS;

    @AttributeDefinition(description = "Timeouts in a row after which a transfer fails (1-20).")
    int retries() default TftpSettings.DEFAULT_RETRIES;

    @AttributeDefinition(description = "Transfers at once, over all clients (1-65535).")
    int sessions_max() default TftpSettings.DEFAULT_SESSIONS_MAX;

    @AttributeDefinition(description = "Transfers at once from one IP address (1-65535).")
    int sessions_per_client() default TftpSettings.DEFAULT_SESSIONS_PER_CLIENT;

    @AttributeDefinition(description = "Read requests that wait for a free transfer when sessions.max are "
            + "running, oldest first (0-65535; 0 refuses them at once).")
    int sessions_waiting() default TftpSettings.DEFAULT_SESSIONS_WAITING;

    @AttributeDefinition(description = "Seconds without progress after which a transfer ends (1-3600).")
    long idle_timeout_s() default TftpSettings.DEFAULT_IDLE_TIMEOUT_S;

    @AttributeDefinition(description = "Microseconds an I/O thread keeps polling for the next packet before it "
            + "sleeps, while no more transfers run than there are I/O threads (0-5000; 0 always sleeps at once). "
            + "It answers each acknowledgement sooner, at the cost of a busy CPU while a transfer runs.")
    long busy_poll_us() default TftpSettings.DEFAULT_BUSY_POLL_US;
}
