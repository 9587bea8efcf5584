package org.karafpxe.bench.storm;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** The generator's command line. */
final class StormOptions {

    static final String USAGE = """
            usage: StormMain [options]
              --server ADDR            the PXE server: where offers without a server address point,
                                       and the boot server when an offer names none (required)
              --proxy-port P           its ProxyDHCP port (67)
              --pxe-port P             its PXE boot server port (4011)
              --tftp-port P            its TFTP port (69)
              --client-port P          the port clients listen on; the server answers there (68)
              --discover-to ADDR       where DISCOVERs go (255.255.255.255; give --server's address
                                       for unicast)
              --bind ADDR              the generator's own address: DISCOVERs and REQUESTs leave
                                       from it (default: chosen by the kernel)
              --listen ADDR            the address the client-port socket listens on (0.0.0.0, which
                                       broadcast answers need)
              --client-net CIDR        give each client its own address in this range (client i
                                       gets the range's first address + 1 + i), used for its TFTP
                                       socket and as ciaddr; the addresses must be local (e.g.
                                       'ip route add local CIDR dev lo'). Default: --bind for all
              --clients N              simulated machines (10)
              --bios-ratio R           share of BIOS machines, the rest UEFI (0.5)
              --rate R                 clients started per second; 0 starts them all at once (0)
              --deadline-s S           a client that has not booted S seconds after its start fails (60)
              --discover-timeouts-s L  waits after each DISCOVER before sending it again, comma
                                       separated; after the last the client fails (4,8,16,32)
              --request-timeouts-s L   the same for the REQUEST to the boot server port (1,2,3,4)
              --tftp-timeout-ms T      TFTP retransmission timeout (4000, EDK2's)
              --tftp-retries K         TFTP retransmissions in a row before the client fails (6, EDK2's)
              --time-scale F           multiplies every protocol timeout above, for quick tests (1)
              --tsize-probe BOOL       UEFI clients first ask the size (RRQ tsize=0, then error 8),
                                       as EDK2 does (true)
              --bios-blksize B         (1432)   --uefi-blksize B (1468)   --uefi-windowsize W (4)
              --expect-bios FILE       the file BIOS clients must receive (size and SHA-256)
              --expect-uefi FILE       the file UEFI clients must receive
              --verify MODE            sha256 | size | none, against the expected files (sha256)
              --threads T              event loops (the number of cores, at most 2)
              --gro BOOL               the machines' TFTP sockets read the blocks that the server sent
                                       in one segmented send (UDP GSO) in one call, as the kernel
                                       keeps them together up to the socket (UDP_GRO; epoll only).
                                       The server sees no difference; the generator spends less
                                       CPU on the shared cores (true)
              --warmup N               first run a storm of N other machines (not reported), so that
                                       neither the generator nor the server is measured cold (0)
              --measure-pid PID        the server's process: its CPU seconds and peak RSS during the
                                       measured storm are reported (needs access to /proc/PID)
              --clk-tck HZ             clock ticks per second of /proc/PID/stat (100)
              --loss P                 drop this share (0..1) of the packets received, as a lossy
                                       segment would, to exercise retransmissions (0)
              --first-index K          play machines K, K+1, ... instead of 0, 1, ... (0)
              --quiet                  no progress lines on standard error
            """;

    Inet4Address server;
    int proxyPort = 67;
    int pxePort = 4011;
    int tftpPort = 69;
    int clientPort = 68;
    Inet4Address discoverTo;
    Inet4Address bind;
    Inet4Address listen;
    Inet4Address clientNet;
    int clientNetSize;
    int clients = 10;
    double biosRatio = 0.5;
    double rate;
    double deadlineS = 60;
    double[] discoverTimeoutsS = {4, 8, 16, 32};
    double[] requestTimeoutsS = {1, 2, 3, 4};
    int tftpTimeoutMs = 4000;
    int tftpRetries = 6;
    double timeScale = 1;
    boolean tsizeProbe = true;
    int biosBlksize = 1432;
    int uefiBlksize = 1468;
    int uefiWindowsize = 4;
    Path expectBios;
    Path expectUefi;
    String verify = "sha256";
    int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    boolean gro = true;
    boolean quiet;
    int warmup;
    long measurePid = -1;
    int clkTck = 100;
    int firstIndex;
    double loss;
    /** Where in --client-net the clients' addresses start (the warm-up takes the last ones). */
    int addressOffset;

    /** Warm-up storms play the machines just below this index, which real storms do not reach. */
    static final int WARMUP_FIRST_INDEX = Identities.MAX_CLIENTS;

    /** The same storm with other machines, for the warm-up: not measured, no progress lines. */
    StormOptions warmupOptions() {
        StormOptions w = new StormOptions();
        w.server = server;
        w.proxyPort = proxyPort;
        w.pxePort = pxePort;
        w.tftpPort = tftpPort;
        w.clientPort = clientPort;
        w.discoverTo = discoverTo;
        w.bind = bind;
        w.listen = listen;
        w.clientNet = clientNet;
        w.clientNetSize = clientNetSize;
        w.clients = Math.min(warmup, clientNet != null ? clientNetSize - 2 : warmup);
        w.biosRatio = biosRatio;
        w.rate = rate;
        w.deadlineS = deadlineS;
        w.discoverTimeoutsS = discoverTimeoutsS;
        w.requestTimeoutsS = requestTimeoutsS;
        w.tftpTimeoutMs = tftpTimeoutMs;
        w.tftpRetries = tftpRetries;
        w.timeScale = timeScale;
        w.tsizeProbe = tsizeProbe;
        w.biosBlksize = biosBlksize;
        w.uefiBlksize = uefiBlksize;
        w.uefiWindowsize = uefiWindowsize;
        w.expectBios = expectBios;
        w.expectUefi = expectUefi;
        w.verify = verify;
        w.threads = threads;
        w.gro = gro;
        w.quiet = true;
        w.loss = loss;
        w.firstIndex = WARMUP_FIRST_INDEX - w.clients;
        // The warm-up's machines take the last addresses of the range, so that no TFTP transfer
        // of the measured storm comes from an address and port a warm-up transfer just used.
        w.addressOffset = clientNet != null ? clientNetSize - 2 - w.clients : 0;
        return w;
    }

    static StormOptions parse(String[] args) {
        StormOptions o = new StormOptions();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (name.equals("--quiet")) {
                o.quiet = true;
                continue;
            }
            if (name.equals("--help") || name.equals("-h")) {
                throw new UsageException(null);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException(name + " needs a value");
                }
                value = args[++i];
            }
            try {
                o.set(name, value);
            } catch (NumberFormatException e) {
                throw new UsageException(name + " '" + value + "' is not a number");
            }
        }
        o.check();
        return o;
    }

    private void set(String name, String v) {
        switch (name) {
            case "--server" -> server = address(name, v);
            case "--proxy-port" -> proxyPort = port(name, v);
            case "--pxe-port" -> pxePort = port(name, v);
            case "--tftp-port" -> tftpPort = port(name, v);
            case "--client-port" -> clientPort = port(name, v);
            case "--discover-to" -> discoverTo = address(name, v);
            case "--bind" -> bind = address(name, v);
            case "--listen" -> listen = address(name, v);
            case "--client-net" -> clientNet(v);
            case "--clients" -> clients = Integer.parseInt(v);
            case "--bios-ratio" -> biosRatio = Double.parseDouble(v);
            case "--rate" -> rate = Double.parseDouble(v);
            case "--deadline-s" -> deadlineS = Double.parseDouble(v);
            case "--discover-timeouts-s" -> discoverTimeoutsS = list(v);
            case "--request-timeouts-s" -> requestTimeoutsS = list(v);
            case "--tftp-timeout-ms" -> tftpTimeoutMs = Integer.parseInt(v);
            case "--tftp-retries" -> tftpRetries = Integer.parseInt(v);
            case "--time-scale" -> timeScale = Double.parseDouble(v);
            case "--tsize-probe" -> tsizeProbe = bool(name, v);
            case "--bios-blksize" -> biosBlksize = Integer.parseInt(v);
            case "--uefi-blksize" -> uefiBlksize = Integer.parseInt(v);
            case "--uefi-windowsize" -> uefiWindowsize = Integer.parseInt(v);
            case "--expect-bios" -> expectBios = file(name, v);
            case "--expect-uefi" -> expectUefi = file(name, v);
            case "--verify" -> verify = v.toLowerCase(Locale.ROOT);
            case "--threads" -> threads = Integer.parseInt(v);
            case "--gro" -> gro = bool(name, v);
            case "--warmup" -> warmup = Integer.parseInt(v);
            case "--measure-pid" -> measurePid = Long.parseLong(v);
            case "--clk-tck" -> clkTck = Integer.parseInt(v);
            case "--first-index" -> firstIndex = Integer.parseInt(v);
            case "--loss" -> loss = Double.parseDouble(v);
            default -> throw new UsageException("unknown option " + name);
        }
    }

    private void check() {
        if (server == null) {
            throw new UsageException("--server ADDR is required");
        }
        if (clients < 1 || firstIndex < 0 || warmup < 0) {
            throw new UsageException("--clients is at least 1; --first-index and --warmup are not negative");
        }
        if ((long) firstIndex + clients > Identities.MAX_CLIENTS) {
            throw new UsageException("--first-index + --clients is at most " + Identities.MAX_CLIENTS);
        }
        if (warmup > 0 && firstIndex < WARMUP_FIRST_INDEX && firstIndex + clients > WARMUP_FIRST_INDEX - warmup) {
            throw new UsageException("the warm-up plays machines from " + (WARMUP_FIRST_INDEX - warmup)
                    + "; keep the storm's below");
        }
        if (loss < 0 || loss >= 1) {
            throw new UsageException("--loss is 0..1 (exclusive)");
        }
        if (clkTck < 1) {
            throw new UsageException("--clk-tck is positive");
        }
        if (clientNet != null && clients > clientNetSize - 2) {
            throw new UsageException("--client-net has room for " + (clientNetSize - 2) + " clients, not " + clients);
        }
        if (biosRatio < 0 || biosRatio > 1) {
            throw new UsageException("--bios-ratio is 0..1");
        }
        if (rate < 0 || deadlineS <= 0 || timeScale <= 0 || tftpTimeoutMs < 1 || tftpRetries < 0 || threads < 1) {
            throw new UsageException("--rate, --deadline-s, --time-scale, --tftp-timeout-ms, --tftp-retries and "
                    + "--threads must be positive");
        }
        if (biosBlksize < 8 || uefiBlksize < 8 || biosBlksize > 65464 || uefiBlksize > 65464 || uefiWindowsize < 1) {
            throw new UsageException("block sizes are 8..65464, the window size at least 1");
        }
        if (!verify.equals("sha256") && !verify.equals("size") && !verify.equals("none")) {
            throw new UsageException("--verify is sha256, size or none");
        }
        if (discoverTo == null) {
            discoverTo = address("--discover-to", "255.255.255.255");
        }
        if (listen == null) {
            listen = address("--listen", "0.0.0.0");
        }
    }

    long discoverWaitNanos(int attempt) {
        return nanos(discoverTimeoutsS[attempt]);
    }

    long requestWaitNanos(int attempt) {
        return nanos(requestTimeoutsS[attempt]);
    }

    long tftpTimeoutNanos() {
        return (long) (tftpTimeoutMs * 1_000_000.0 * timeScale);
    }

    long deadlineNanos() {
        return (long) (deadlineS * 1e9);
    }

    private long nanos(double seconds) {
        return (long) (seconds * 1e9 * timeScale);
    }

    /** The address client {@code index} uses for TFTP and as ciaddr; null: the socket's own. */
    Inet4Address clientAddress(int index) {
        if (clientNet == null) {
            return bind;
        }
        byte[] b = clientNet.getAddress();
        int base = ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        int a = base + 1 + addressOffset + index;
        try {
            return (Inet4Address) InetAddress.getByAddress(
                    new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    String describe() {
        return "server " + server.getHostAddress() + " (proxy " + proxyPort + ", pxe " + pxePort + ", tftp " + tftpPort
                + "), clients on port " + clientPort + ", DISCOVER to " + discoverTo.getHostAddress()
                + (clientNet != null ? ", client addresses from " + clientNet.getHostAddress() + "/"
                        + (32 - Integer.numberOfTrailingZeros(clientNetSize)) : "")
                + ", " + (rate > 0 ? rate + " clients/s" : "all at once") + ", deadline " + deadlineS + " s"
                + (timeScale != 1 ? ", timeouts x" + timeScale : "")
                + (loss > 0 ? ", " + loss * 100 + " % of received packets dropped" : "")
                + ", discover waits " + Arrays.toString(discoverTimeoutsS);
    }

    private void clientNet(String v) {
        int slash = v.indexOf('/');
        if (slash < 0) {
            throw new UsageException("--client-net is a range such as 10.216.0.0/16");
        }
        int prefix = Integer.parseInt(v.substring(slash + 1));
        if (prefix < 8 || prefix > 30) {
            throw new UsageException("--client-net prefix is 8..30");
        }
        clientNet = address("--client-net", v.substring(0, slash));
        clientNetSize = 1 << (32 - prefix);
    }

    private static Inet4Address address(String name, String v) {
        if (!v.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new UsageException(name + " '" + v + "' is not an IPv4 address");
        }
        try {
            return (Inet4Address) InetAddress.getByName(v);
        } catch (UnknownHostException e) {
            throw new UsageException(name + " '" + v + "' is not an IPv4 address");
        }
    }

    private static int port(String name, String v) {
        int p = Integer.parseInt(v);
        if (p < 1 || p > 65535) {
            throw new UsageException(name + " is 1..65535");
        }
        return p;
    }

    private static boolean bool(String name, String v) {
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new UsageException(name + " is true or false");
    }

    private static double[] list(String v) {
        double[] r = Arrays.stream(v.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
        if (r.length == 0 || Arrays.stream(r).anyMatch(x -> x <= 0)) {
            throw new UsageException("a list of timeouts is positive seconds, comma separated");
        }
        return r;
    }

    private static Path file(String name, String v) {
        Path p = Path.of(v);
        if (!Files.isReadable(p)) {
            throw new UsageException(name + " " + v + " is not a readable file");
        }
        return p;
    }

    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
