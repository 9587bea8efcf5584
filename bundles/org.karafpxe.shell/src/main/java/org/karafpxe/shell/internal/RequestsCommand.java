package org.karafpxe.shell.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.ExchangePort;
import org.karafpxe.engine.BootChain;
import org.karafpxe.engine.RequestRecord;

/** The last requests the chain decided. */
@Command(scope = "pxe", name = "requests", description = "Lists the most recent PXE requests: time, client, "
        + "architecture, the provider that decided, the decision and the boot file.")
@Service
public class RequestsCommand implements Action {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    @Reference
    private BootChain chain;

    @Option(name = "-n", aliases = "--count", description = "How many requests to show (1-100000), newest first")
    private int count = 20;

    @Override
    public Object execute() {
        if (count < 1 || count > 100_000) {
            throw new IllegalArgumentException("-n " + count + ": show 1 to 100000 requests");
        }
        ShellTable table = new ShellTable();
        table.column("Time");
        table.column("Port").alignRight();
        table.column("MAC");
        table.column("GUID");
        table.column("Arch");
        table.column("Client");
        table.column("Decided by");
        table.column("Decision");
        table.column("Boot file / reason");
        for (RequestRecord r : chain.recent(count)) {
            BootRequest q = r.request();
            table.addRow().addContent(TIME.format(r.time()), q.port() == ExchangePort.PROXY_DHCP ? 67 : 4011,
                    q.mac(), q.guid().map(Object::toString).orElse("-"), q.architecture().key(),
                    q.isIpxe() ? "iPXE" : q.isHttpClient() ? "HTTP" : "PXE", r.result().decidedBy(), r.outcome(),
                    r.bootFile().orElse(r.result().decision().reason()));
        }
        table.emptyTableText("No request yet.");
        table.print(System.out);
        return null;
    }
}
