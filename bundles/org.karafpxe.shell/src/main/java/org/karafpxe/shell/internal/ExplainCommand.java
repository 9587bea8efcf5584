package org.karafpxe.shell.internal;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.engine.BootChain;
import org.karafpxe.engine.ChainResult;
import org.karafpxe.engine.TraceStep;
import org.karafpxe.support.Arguments;
import org.karafpxe.support.DryRuns;

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
        BootRequest request;
        try {
            request = DryRuns.request(Arguments.mac(mac),
                    guid == null ? Optional.empty() : Optional.of(Arguments.guid(guid)), Arguments.architectureCode(arch),
                    ipxe, secs, port, ipv6);
        } catch (IllegalArgumentException e) {
            // "port 68: ..." names the option as the console writes it.
            throw new IllegalArgumentException(e.getMessage().matches("(port|secs) .*") ? "--" + e.getMessage()
                    : e.getMessage(), e);
        }
        ChainResult result = chain.decide(request).toCompletableFuture().get(30, TimeUnit.SECONDS);
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
