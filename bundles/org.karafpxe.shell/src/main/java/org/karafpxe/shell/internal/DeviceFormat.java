package org.karafpxe.shell.internal;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.Device;

/** How the device and GUID commands write devices, tasks and times. */
final class DeviceFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private DeviceFormat() {
    }

    static String time(Instant time) {
        return TIME.format(time);
    }

    static String lastSeen(Optional<Instant> lastSeen) {
        return lastSeen.map(DeviceFormat::time).orElse("never");
    }

    /** An optional value, or "-" for none. */
    static String value(Optional<?> value) {
        return value.map(Object::toString).orElse("-");
    }

    /** The kind of task, for a table column: "one-shot", "every boot" or "-". */
    static String task(Optional<BootTask> task) {
        return task.map(t -> t.oneShot() ? "one-shot" : "every boot").orElse("-");
    }

    /** Every field, one per line, and the task script in full at the end so it can be copied whole. */
    static void details(Device d, PrintStream out) {
        line(out, "Id", Long.toString(d.id()));
        line(out, "Name", d.name());
        line(out, "MAC", value(d.mac()));
        line(out, "GUID", value(d.guid()));
        line(out, "Boot program", d.bootProgram().orElse("- (the default for its architecture)"));
        line(out, "Referral server", d.referralServer().orElse("- (this server)"));
        line(out, "Group", value(d.group()));
        line(out, "Task", d.task().map(t -> t.oneShot() ? "one-shot (the next network boot only, then cleared)"
                : "every boot (until cleared)").orElse("-"));
        line(out, "Created", time(d.created()));
        line(out, "Last seen", lastSeen(d.lastSeen()));
        d.task().ifPresent(t -> {
            out.println("Task script:");
            out.println(t.script());
        });
    }

    private static void line(PrintStream out, String label, String value) {
        out.printf("%-16s %s%n", label + ":", value);
    }
}
