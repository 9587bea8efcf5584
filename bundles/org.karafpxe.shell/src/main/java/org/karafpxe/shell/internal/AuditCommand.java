package org.karafpxe.shell.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.karafpxe.store.AuditEntry;
import org.karafpxe.store.AuditTrail;
import org.karafpxe.store.PolicyStore;

/** Shows the audit trail of administrative changes. */
@Command(scope = "pxe", name = "audit", description = "Shows the audit trail, latest first: every change to devices, "
        + "tasks, banned GUIDs, pending machines and the configuration, with when, who (the console user, file for an "
        + "edited configuration file, system for the server's own changes), what, and the value before and after.")
@Service
public class AuditCommand extends StoreCommand {
    private static final Pattern AGO = Pattern.compile("([0-9]{1,6})([hd])");

    /* Optional, as the store itself: see StoreCommand. */
    @Reference(optional = true)
    private AuditTrail trail;

    @Option(name = "--subject", aliases = "-s", description = "Only changes to this: a device's name, a MAC, a GUID, "
            + "or a configuration's PID (org.karafpxe.provider.policy)")
    private String subject;

    @Option(name = "--since", description = "Only changes since then: a date (2026-12-01), a date and time "
            + "(2026-12-01T14:30), or hours or days ago (12h, 7d)")
    private String since;

    @Option(name = "-n", description = "How many changes at most (default 50)")
    private int count = 50;

    @Override
    void run(PolicyStore store, PrintStream out) {
        if (trail == null) {
            throw new IllegalStateException(STORE_NOT_RUNNING);
        }
        if (count < 1) {
            throw new IllegalArgumentException("-n " + count + ": give how many changes to show, 1 or more");
        }
        ShellTable table = new ShellTable();
        for (String column : new String[] {"When", "Who", "Action", "Subject", "Before", "After"}) {
            table.column(column);
        }
        for (AuditEntry e : trail.auditEntries(Optional.ofNullable(subject).filter(s -> !s.isBlank()),
                Optional.ofNullable(since).map(AuditCommand::instant), count)) {
            table.addRow().addContent(DeviceFormat.time(e.at()), e.actor(), e.action(), e.subject(),
                    e.before().orElse(""), e.after().orElse(""));
        }
        table.emptyTableText("No change recorded" + (subject == null ? "" : " for " + subject)
                + (since == null ? "" : " since " + since) + ".");
        table.print(out);
    }

    static Instant instant(String text) {
        String t = text.strip();
        Matcher ago = AGO.matcher(t);
        if (ago.matches()) {
            long n = Long.parseLong(ago.group(1));
            return Instant.now().minus(ago.group(2).equals("h") ? Duration.ofHours(n) : Duration.ofDays(n));
        }
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(ZoneId.systemDefault()).toInstant();
            }
            return LocalDateTime.parse(t).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since '" + text + "' is not a date (2026-12-01), a date and time "
                    + "(2026-12-01T14:30) or a time ago (12h, 7d)", e);
        }
    }
}
