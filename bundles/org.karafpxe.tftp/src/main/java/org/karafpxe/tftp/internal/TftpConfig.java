package org.karafpxe.tftp.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The TFTP server's configuration, {@code etc/org.karafpxe.tftp.cfg}: each setting's one declaration (name,
 * default, range, description), checked by {@link org.karafpxe.support.CheckedConfig} and turned into
 * {@link TftpSettings} and {@link DirectorySettings}.
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

    @AttributeDefinition(min = "1", max = "65535", description = "UDP port to listen on (1-65535). Ports below 1024 need root or the "
            + "CAP_NET_BIND_SERVICE capability.")
    int port() default 69;

    @AttributeDefinition(description = "Directory the boot files are served from; nothing outside it is served, "
            + "symbolic links pointing out included.")
    String root() default "${karaf.base}/tftpboot";

    @AttributeDefinition(name = "Case", description = "How file names are matched: exact, or insensitive "
            + "(for Windows clients asking \\Boot\\x86\\WDSNBP.COM of files on a case-sensitive disk).",
            options = {@Option(label = "exact", value = "exact"),
                @Option(label = "insensitive", value = "insensitive")})
    String case$() default "exact";

    @AttributeDefinition(min = "8", max = "65464", description = "Largest block size agreed to (8-65464).")
    int blksize_max() default 65464;

    @AttributeDefinition(min = "1", max = "64", description = "Largest window size (RFC 7440) agreed to (1-64).")
    /*
     * RFC 7440 measured the gain flattening out around 16 blocks; beyond it, a burst mostly overflows the
     * receive buffers of small firmware stacks and costs retransmissions.
     */
    int windowsize_max() default 16;

    @AttributeDefinition(min = "100", max = "10000", description = "Retransmission timeout in ms when the client asks for none (100-10000).")
    long timeout_ms() default 1000;

    @AttributeDefinition(min = "1", max = "20", description = "Timeouts in a row after which a transfer fails (1-20).")
    int retries() default 5;

    @AttributeDefinition(min = "1", max = "65535", description = "Transfers at once, over all clients (1-65535).")
    int sessions_max() default 1024;

    @AttributeDefinition(min = "1", max = "65535", description = "Transfers at once from one IP address (1-65535).")
    int sessions_per_client() default 8;

    @AttributeDefinition(min = "0", max = "65535", description = "Read requests that wait for a free transfer when sessions.max are "
            + "running, oldest first (0-65535; 0 refuses them at once).")
    /* A room of machines powering on at once asks all at the same moment; they wait their turn. */
    int sessions_waiting() default 16384;

    @AttributeDefinition(min = "1", max = "3600", description = "Seconds without progress after which a transfer ends (1-3600).")
    long idle_timeout_s() default 30;

    @AttributeDefinition(min = "0", max = "5000", description = "Microseconds an I/O thread keeps polling for the next packet before it "
            + "sleeps, while no more transfers run than there are I/O threads and one of them has sent 1 MiB "
            + "(0-5000; 0 always sleeps at once). It answers each acknowledgement sooner, at the cost of a busy CPU "
            + "while a large transfer runs.")
    /*
     * Longer than a window's round trip on a busy link, short enough that an idle server sleeps at once;
     * polling longer only keeps a CPU busy after the last transfer has ended.
     */
    long busy_poll_us() default 200;
}
