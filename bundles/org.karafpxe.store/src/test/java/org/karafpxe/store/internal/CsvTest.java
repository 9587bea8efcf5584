package org.karafpxe.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.Test;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.ImportException;

/** CSV syntax and the device columns, without a database. */
public class CsvTest {

    private static List<Csv.Record> parse(String text) throws Exception {
        Csv.Parser p = new Csv.Parser(new StringReader(text));
        List<Csv.Record> records = new ArrayList<>();
        for (Csv.Record r = p.next(); r != null; r = p.next()) {
            records.add(r);
        }
        return records;
    }

    private static String importError(String csv) {
        return assertThrows(ImportException.class, () -> DeviceCsv.read(new StringReader(csv))).getMessage();
    }

    @Test
    public void quotedFieldsHoldCommasQuotesAndLineBreaks() throws Exception {
        List<Csv.Record> records = parse("\uFEFFa,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"line 1\r\nline 2\"\r\nlast,,\n\n"
                + "\"\",z,\nend");
        assertEquals(new Csv.Record(1, List.of("a", "b", "c"), false), records.get(0));
        assertEquals(new Csv.Record(2, List.of("x, y", "say \"hi\"", "line 1\nline 2"), false), records.get(1));
        assertEquals(new Csv.Record(4, List.of("last", "", ""), false), records.get(2));
        assertEquals(new Csv.Record(5, List.of(""), true), records.get(3));
        assertEquals(new Csv.Record(6, List.of("", "z", ""), false), records.get(4));
        assertEquals(new Csv.Record(7, List.of("end"), false), records.get(5));
        assertEquals(6, records.size());
        assertNull(new Csv.Parser(new StringReader("")).next());
    }

    @Test
    public void syntaxErrorsNameTheirLine() {
        assertEquals("line 3: a quoted field opened here is never closed; nothing was imported",
                importError("name,mac\nlab-1,525400123456\n\"lab-2,525400123457\nlab-3,525400123458\n"));
        assertEquals("line 2: a double quote inside an unquoted field; quote the whole field and double each quote "
                + "inside it; nothing was imported", importError("name,mac\nlab\"1,525400123456\n"));
        assertEquals("line 2: text after the closing quote of a field; quote the whole field and double each quote "
                + "inside it; nothing was imported", importError("name,mac\n\"lab\"1,525400123456\n"));
    }

    @Test
    public void writtenRecordsReadBackAsTheyWere() throws Exception {
        List<String> fields = List.of("plain", "with,comma", "with \"quote\"", "two\nlines", "", " padded ");
        StringWriter out = new StringWriter();
        Csv.writeRecord(out, fields);
        assertEquals("plain,\"with,comma\",\"with \"\"quote\"\"\",\"two\nlines\",,\" padded \"\r\n", out.toString());
        assertEquals(fields, parse(out.toString()).get(0).fields());
    }

    @Test
    public void theHeaderNamesKnownColumnsInAnyOrder() throws Exception {
        List<DeviceCsv.Row> rows = DeviceCsv.read(new StringReader(
                "GUID , Name\n4c4c4544-0042-3510-8052-b4c04f564433, lab-1 \n\n"));
        assertEquals(1, rows.size());
        assertEquals(2, rows.get(0).line());
        assertEquals("lab-1", rows.get(0).draft().name());

        String header = "name,mac,guid,bootProgram,referralServer,group,taskScript,taskOneShot";
        assertEquals("line 1: unknown column 'colour'; the header is " + header + " (columns in any order, all but "
                + "name and mac or guid optional); nothing was imported", importError("name,mac,colour\n"));
        assertEquals("line 1: no 'name' column; the header is " + header + "; nothing was imported",
                importError("mac\n525400123456\n"));
        assertEquals("line 1: neither a 'mac' nor a 'guid' column; the header is " + header + "; nothing was imported",
                importError("name,group\n"));
        assertEquals("line 1: column 'MAC' appears twice; nothing was imported", importError("name,mac,MAC\n"));
        assertEquals("line 1: the file is empty; it must start with the header line " + header
                + "; nothing was imported", importError("\n\n"));
    }

    @Test
    public void rowsAreCheckedBeforeTheDatabaseSeesThem() {
        assertEquals("line 3: 3 fields where the header has 2; nothing was imported",
                importError("name,mac\nlab-1,525400123456\nlab-2,525400123457,x\n"));
        assertEquals("line 2: invalid name 'lab 1': use 1 to 64 letters, digits, '.', '_' or '-', starting with a "
                + "letter or digit; nothing was imported", importError("name,mac\nlab 1,525400123456\n"));
        assertEquals("line 3: name 'LAB-1' is also on line 2; each device needs its own; nothing was imported",
                importError("name,mac\nlab-1,525400123456\nLAB-1,525400123457\n"));
        assertEquals("line 3: GUID 4c4c4544-0042-3510-8052-b4c04f564433 is also on line 2; each device needs its own; "
                + "nothing was imported", importError("name,guid\nlab-1,4c4c4544-0042-3510-8052-b4c04f564433\n"
                + "lab-2,{4C4C4544-0042-3510-8052-B4C04F564433}\n"));
        assertEquals("line 2: taskOneShot is 'maybe'; use true (run at the next boot only) or false (run at every "
                + "boot); nothing was imported", importError("name,mac,taskScript,taskOneShot\nlab-1,525400123456,exit,maybe\n"));
        assertEquals("line 2: taskOneShot is 'true' but there is no taskScript; leave both empty for no task; "
                + "nothing was imported", importError("name,mac,taskScript,taskOneShot\nlab-1,525400123456,,true\n"));
    }

    @Test
    public void tasksComeFromTheTwoTaskColumns() throws Exception {
        List<DeviceCsv.Row> rows = DeviceCsv.read(new StringReader("name,mac,taskScript,taskOneShot\n"
                + "a,525400000001,\"#!ipxe\nchain http://x/\"\"q\"\".ipxe\",yes\n"
                + "b,525400000002,exit,\n"
                + "c,525400000003,,\n"));
        assertEquals(Optional.of(BootTask.oneShot("chain http://x/\"q\".ipxe")), rows.get(0).draft().task());
        assertEquals(Optional.of(BootTask.everyBoot("exit")), rows.get(1).draft().task());
        assertEquals(Optional.empty(), rows.get(2).draft().task());
        assertEquals(4, rows.get(1).line());
    }
}
