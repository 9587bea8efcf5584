package org.karafpxe.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.karafpxe.tftp.TftpService;
import org.karafpxe.tftp.TftpStatistics;

/** Shows whether the TFTP server listens, and what it has done since it started. */
@Command(scope = "pxe", name = "tftp-stats", description = "Shows where the TFTP server listens (or why it cannot) "
        + "and its counters: requests, transfers, refusals and bytes sent.")
@Service
public class TftpStatsCommand implements Action {

    @Reference
    private TftpService tftp;

    @Override
    public Object execute() {
        TftpStatistics s = tftp.statistics();
        System.out.println(listening(s));
        ShellTable table = new ShellTable();
        table.column("Counter");
        table.column("Value").alignRight();
        row(table, "Active sessions", s.activeSessions());
        row(table, "Requests", s.requests());
        row(table, "Transfers completed", s.transfersCompleted());
        row(table, "Aborted by client", s.abortedByClient());
        row(table, "Failed", s.failed());
        row(table, "Refused: not found", s.refusedNotFound());
        row(table, "Refused: access", s.refusedAccess());
        row(table, "Refused: write request", s.refusedWriteRequest());
        row(table, "Refused: limit", s.refusedLimit());
        row(table, "Refused: mode", s.refusedMode());
        row(table, "Malformed, dropped", s.malformedDropped());
        row(table, "Retransmits", s.retransmits());
        table.addRow().addContent("Bytes sent", TftpFormat.bytes(s.bytesSent()) + " (" + s.bytesSent() + ")");
        table.print(System.out);
        return null;
    }

    private static void row(ShellTable table, String name, long value) {
        table.addRow().addContent(name, value);
    }

    private static String listening(TftpStatistics s) {
        if (!s.enabled()) {
            return "TFTP server disabled (enabled = false in etc/org.karafpxe.tftp.cfg).";
        }
        if (s.listening()) {
            return "TFTP server listening on UDP " + TftpFormat.address(s.address()) + ".";
        }
        return "NOT listening: " + (s.bindError().isEmpty() ? "the TFTP server is stopped." : s.bindError());
    }
}
