package org.karafpxe.shell.internal;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.karafpxe.api.Architecture;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.api.ExchangePort;
import org.karafpxe.engine.BootChain;
import org.karafpxe.engine.ChainResult;
import org.karafpxe.engine.TraceStep;

/** Runs the provider chain for a made-up client, changing nothing, and prints how it decided. */
@Command(scope = "pxe", name = "explain", description = "Asks the provider chain what it would answer a client "
        + "(a dry run: no one-shot task is used up, nothing is recorded) and prints each provider's say.")
@Service
public class ExplainCommand implements Action {

    @Reference
    private BootChain chain;

    @Option(name = "--mac", description = "The client's MAC address", required = true)
    private String mac;

    @Option(name = "--guid", description = "The client's SMBIOS GUID (option 97)")
    private String guid;

    @Option(name = "--arch", description = "The client's architecture: a name (x64-uefi) or option 93's number as "
            + "a packet capture shows it (7); default x86-bios")
    @Completion(ArchitectureCompleter.class)
    private String arch = "x86-bios";

    @Option(name = "--ipxe", description = "The client runs iPXE already")
    private boolean ipxe;

    @Option(name = "--secs", description = "Seconds since the client started booting (0-65535)")
    private int secs;

    @Option(name = "--port", description = "The exchange: 67 (proxy DHCP) or 4011 (PXE boot server); with --ipv6, "
            + "547 (DHCPv6) or 4011")
    private int port = 67;

    @Option(name = "--ipv6", description = "The client boots over IPv6 (DHCPv6): UEFI PXE or HTTP boot, or iPXE, "
            + "over IPv6")
    private boolean ipv6;

    @Override
    public Object execute() throws Exception {
        int first = ipv6 ? 547 : 67;
        if (ipv6 && port == 67) {
            port = 547;
        }
        if (port != first && port != 4011) {
            throw new IllegalArgumentException("--port " + port + ": use " + first + (ipv6 ? " (DHCPv6)" : " (proxy DHCP)")
                    + " or 4011 (PXE boot server)");
        }
        if (secs < 0 || secs > 65535) {
            throw new IllegalArgumentException("--secs " + secs + ": use 0 to 65535");
        }
        int code = Arguments.architectureCode(arch);
        // A question, not a client: this host's loopback address in the client's family stands for the server's.
        InetAddress server = ipv6 ? InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})
                : InetAddress.getLoopbackAddress();
        BootRequest.Builder request = BootRequest.builder(Arguments.mac(mac), server)
                .architecture(Architecture.of(code)).secs(secs).dryRun(true)
                .port(port == 4011 ? ExchangePort.PXE_BOOT_SERVER : ExchangePort.PROXY_DHCP)
                .vendorClass(String.format(Architecture.of(code).isHttpBoot() ? "HTTPClient:Arch:%05d"
                        : "PXEClient:Arch:%05d", code));
        if (guid != null) {
            request.guid(Arguments.guid(guid));
        }
        if (ipxe) {
            request.userClasses(List.of("iPXE"));
        }
        ChainResult result = chain.decide(request.build()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        ShellTable table = new ShellTable();
        table.column("#").alignRight();
        table.column("Provider");
        table.column("Ranking").alignRight();
        table.column("Said");
        table.column("Reason");
        table.column("ms").alignRight();
        int step = 1;
        for (TraceStep s : result.steps()) {
            table.addRow().addContent(step++, s.provider(), s.ranking(), s.outcome(), s.reason(),
                    String.format("%.3f", s.elapsedNanos() / 1e6));
        }
        table.emptyTableText("(no provider was asked)");
        table.print(System.out);
        Decision d = result.decision();
        System.out.println(d instanceof Decision.Service s
                ? "Decision: SERVICE by " + result.decidedBy() + ": boot " + s.answer().describe()
                        + s.answer().bootServer().map(a -> " from " + a.getHostAddress()).orElse("")
                        + (result.steps().isEmpty() ? " (" + s.reason() + ")" : "")
                : "Decision: IGNORE by " + result.decidedBy() + ": " + d.reason());
        return null;
    }
}
