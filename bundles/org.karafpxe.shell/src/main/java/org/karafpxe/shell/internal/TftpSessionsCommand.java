package org.karafpxe.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.karafpxe.tftp.TftpService;
import org.karafpxe.tftp.TftpSessionInfo;

/** Lists the TFTP transfers in progress. */
@Command(scope = "pxe", name = "tftp-sessions", description = "Lists the TFTP transfers in progress, oldest first, "
        + "with progress, negotiated block and window size, and rate.")
@Service
public class TftpSessionsCommand implements Action {

    @Reference
    private TftpService tftp;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Client");
        table.column("File");
        table.column("Sent / Total").alignRight();
        table.column("%").alignRight();
        table.column("Blksize").alignRight();
        table.column("Window").alignRight();
        table.column("Rate").alignRight();
        table.column("Age").alignRight();
        table.column("Retransmits").alignRight();
        for (TftpSessionInfo s : tftp.sessions()) {
            table.addRow().addContent(TftpFormat.address(s.client()), s.file(),
                    TftpFormat.bytes(s.bytesSent()) + " / " + TftpFormat.bytes(s.totalBytes()),
                    TftpFormat.percent(s.percentDone()), s.blockSize(), s.windowSize(),
                    TftpFormat.rate(s.bytesPerSecond()), TftpFormat.age(s.age()), s.retransmits());
        }
        table.emptyTableText("No TFTP transfer in progress.");
        table.print(System.out);
        return null;
    }
}
