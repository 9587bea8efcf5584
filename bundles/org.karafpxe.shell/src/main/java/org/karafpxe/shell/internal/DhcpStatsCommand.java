package org.karafpxe.shell.internal;

import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.karafpxe.dhcp.service.DhcpService;
import org.karafpxe.dhcp.service.DhcpStatistics;

/** Shows the DHCP listeners and what became of the packets they received. */
@Command(scope = "pxe", name = "dhcp-stats", description = "Shows the ProxyDHCP (67) and PXE boot server (4011) "
        + "listeners and packet counts by outcome and drop reason.")
@Service
public class DhcpStatsCommand implements Action {

    @Reference
    private DhcpService dhcp;

    @Option(name = "-a", aliases = "--all", description = "Also list counters that are zero")
    private boolean all;

    @Override
    public Object execute() {
        DhcpStatistics stats = dhcp.statistics();
        ShellTable listeners = new ShellTable();
        listeners.column("Listener");
        listeners.column("Address");
        listeners.column("State");
        for (DhcpStatistics.Listener l : stats.listeners()) {
            listeners.addRow().addContent(l.name(), l.address(), l.listening() ? "listening" : l.problem());
        }
        listeners.print(System.out);
        System.out.println();
        ShellTable counters = new ShellTable();
        counters.column("Counter");
        counters.column("Packets").alignRight();
        for (Map.Entry<String, Long> c : stats.counters().entrySet()) {
            if (all || c.getValue() > 0 || c.getKey().equals("received")) {
                counters.addRow().addContent(c.getKey(), c.getValue());
            }
        }
        counters.print(System.out);
        return null;
    }
}
