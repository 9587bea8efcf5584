package org.karafpxe.shell.internal;

import java.util.LinkedHashMap;
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
@Command(scope = "pxe", name = "dhcp-stats", description = "Shows the ProxyDHCP (67), PXE boot server (4011) and "
        + "DHCPv6 (547, 4011) listeners and packet counts by outcome and drop reason, for IPv4 and IPv6 side by side "
        + "(over IPv6 an offer is an ADVERTISE, an ack a REPLY).")
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
        counters.column("IPv4").alignRight();
        counters.column("IPv6").alignRight();
        // DHCPv6 counts under the IPv4 names with "v6.": an ADVERTISE is an offer, a REPLY an ack.
        Map<String, Long[]> byName = new LinkedHashMap<>();
        for (Map.Entry<String, Long> c : stats.counters().entrySet()) {
            boolean v6 = c.getKey().startsWith(V6);
            byName.computeIfAbsent(v6 ? c.getKey().substring(V6.length()) : c.getKey(), k -> new Long[2])
                    [v6 ? 1 : 0] = c.getValue();
        }
        for (Map.Entry<String, Long[]> c : byName.entrySet()) {
            Long v4 = c.getValue()[0];
            Long v6 = c.getValue()[1];
            if (all || c.getKey().equals("received") || v4 != null && v4 > 0 || v6 != null && v6 > 0) {
                counters.addRow().addContent(c.getKey(), v4 == null ? "-" : v4, v6 == null ? "-" : v6);
            }
        }
        counters.print(System.out);
        return null;
    }

    private static final String V6 = "v6.";
}
