package org.karafpxe.store.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.ImportException;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.StoreException;

/**
 * Devices as CSV rows, in the columns of {@link PolicyStore#CSV_HEADER}. Reading checks the whole
 * file before the store touches the database: syntax, every value, and names, MACs and GUIDs that
 * the file gives twice. Only conflicts with devices already stored are left to the database.
 *
 * <p>Public (in a package the bundle does not export) so that the in-memory store of
 * {@code org.karafpxe.testing} reads and writes exactly this format; it is no API.
 */
public final class DeviceCsv {

    static final List<String> COLUMNS = List.of(PolicyStore.CSV_HEADER.split(","));

    private static final int NAME = COLUMNS.indexOf("name");
    private static final int MAC = COLUMNS.indexOf("mac");
    private static final int GUID = COLUMNS.indexOf("guid");
    private static final int BOOT_PROGRAM = COLUMNS.indexOf("bootProgram");
    private static final int REFERRAL_SERVER = COLUMNS.indexOf("referralServer");
    private static final int GROUP = COLUMNS.indexOf("group");
    private static final int TASK_SCRIPT = COLUMNS.indexOf("taskScript");
    private static final int TASK_ONE_SHOT = COLUMNS.indexOf("taskOneShot");

    /** A valid row and the line it starts on, for the message if the database refuses it. */
    public record Row(int line, DeviceDraft draft) {
    }

    private DeviceCsv() {
    }

    /**
     * Reads and checks a whole file ({@link PolicyStore#CSV_HEADER}), refusing it with an
     * {@link ImportException} naming the line of its first bad record.
     */
    public static List<Row> read(Reader in) throws IOException {
        Csv.Parser parser = new Csv.Parser(in);
        Csv.Record header = nextRecord(parser);
        if (header == null) {
            throw new ImportException(1, "the file is empty; it must start with the header line "
                    + PolicyStore.CSV_HEADER, null);
        }
        int[] columnOf = columns(header);
        List<Row> rows = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        Map<Object, Integer> macs = new HashMap<>();
        Map<Object, Integer> guids = new HashMap<>();
        for (Csv.Record record = nextRecord(parser); record != null; record = nextRecord(parser)) {
            if (record.fields().size() != header.fields().size()) {
                throw new ImportException(record.line(), record.fields().size() + " fields where the header has "
                        + header.fields().size(), null);
            }
            DeviceDraft draft = draft(record, columnOf);
            int line = record.line();
            alsoOn(names, draft.name().toLowerCase(Locale.ROOT), line, "name '" + draft.name() + "'");
            draft.mac().ifPresent(m -> alsoOn(macs, m, line, "MAC " + m));
            draft.guid().ifPresent(g -> alsoOn(guids, g, line, "GUID " + g));
            rows.add(new Row(line, draft));
        }
        return rows;
    }

    /** Writes the header and one record per device, in the order given, and flushes. */
    public static void write(Writer out, List<Device> devices) throws IOException {
        Csv.writeRecord(out, COLUMNS);
        for (Device d : devices) {
            String[] fields = new String[COLUMNS.size()];
            fields[NAME] = d.name();
            fields[MAC] = d.mac().map(Object::toString).orElse("");
            fields[GUID] = d.guid().map(Object::toString).orElse("");
            fields[BOOT_PROGRAM] = d.bootProgram().orElse("");
            fields[REFERRAL_SERVER] = d.referralServer().orElse("");
            fields[GROUP] = d.group().orElse("");
            fields[TASK_SCRIPT] = d.task().map(BootTask::script).orElse("");
            fields[TASK_ONE_SHOT] = d.task().map(t -> Boolean.toString(t.oneShot())).orElse("");
            Csv.writeRecord(out, Arrays.asList(fields));
        }
        out.flush();
    }

    private static Csv.Record nextRecord(Csv.Parser parser) throws IOException {
        Csv.Record record;
        do {
            record = parser.next();
        } while (record != null && record.blank());
        return record;
    }

    /** For each known column, its position in the file, or -1 when the file leaves it out. */
    private static int[] columns(Csv.Record header) {
        int[] columnOf = new int[COLUMNS.size()];
        Arrays.fill(columnOf, -1);
        for (int i = 0; i < header.fields().size(); i++) {
            String name = header.fields().get(i).strip();
            int known = indexIgnoringCase(name);
            if (known < 0) {
                throw new ImportException(header.line(), "unknown column '" + name + "'; the header is "
                        + PolicyStore.CSV_HEADER + " (columns in any order, all but name and mac or guid optional)", null);
            }
            if (columnOf[known] >= 0) {
                throw new ImportException(header.line(), "column '" + name + "' appears twice", null);
            }
            columnOf[known] = i;
        }
        if (columnOf[NAME] < 0) {
            throw new ImportException(header.line(), "no 'name' column; the header is " + PolicyStore.CSV_HEADER, null);
        }
        if (columnOf[MAC] < 0 && columnOf[GUID] < 0) {
            throw new ImportException(header.line(), "neither a 'mac' nor a 'guid' column; the header is "
                    + PolicyStore.CSV_HEADER, null);
        }
        return columnOf;
    }

    private static int indexIgnoringCase(String name) {
        for (int i = 0; i < COLUMNS.size(); i++) {
            if (COLUMNS.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private static DeviceDraft draft(Csv.Record record, int[] columnOf) {
        Function<Integer, String> field = column -> columnOf[column] < 0 ? ""
                : column == TASK_SCRIPT ? record.fields().get(columnOf[column])
                : record.fields().get(columnOf[column]).strip();
        try {
            DeviceDraft.Builder b = DeviceDraft.builder(field.apply(NAME));
            ifPresent(field.apply(MAC), b::mac);
            ifPresent(field.apply(GUID), b::guid);
            ifPresent(field.apply(BOOT_PROGRAM), b::bootProgram);
            ifPresent(field.apply(REFERRAL_SERVER), b::referralServer);
            ifPresent(field.apply(GROUP), b::group);
            String script = field.apply(TASK_SCRIPT);
            String oneShot = field.apply(TASK_ONE_SHOT);
            if (!script.isBlank()) {
                b.task(new BootTask(script, flag(oneShot, record.line())));
            } else if (!oneShot.isEmpty()) {
                throw new ImportException(record.line(), "taskOneShot is '" + oneShot
                        + "' but there is no taskScript; leave both empty for no task", null);
            }
            return b.build();
        } catch (ImportException e) {
            throw e;
        } catch (StoreException e) {
            throw new ImportException(record.line(), e.getMessage(), e);
        }
    }

    private static void ifPresent(String value, Function<String, DeviceDraft.Builder> setter) {
        if (!value.isEmpty()) {
            setter.apply(value);
        }
    }

    private static boolean flag(String text, int line) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "":
            case "false":
            case "no":
            case "0":
                return false;
            case "true":
            case "yes":
            case "1":
                return true;
            default:
                throw new ImportException(line, "taskOneShot is '" + text
                        + "'; use true (run at the next boot only) or false (run at every boot)", null);
        }
    }

    private static <K> void alsoOn(Map<K, Integer> seen, K key, int line, String what) {
        Integer first = seen.putIfAbsent(key, line);
        if (first != null) {
            throw new ImportException(line, what + " is also on line " + first
                    + "; each device needs its own", null);
        }
    }
}
