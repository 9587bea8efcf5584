package org.karafpxe.store.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.karafpxe.store.ImportException;

/**
 * RFC 4180 CSV, as spreadsheets write it: fields with commas, double quotes or line breaks are
 * quoted, a double quote inside is doubled, and records end with CRLF (LF and CR alone are read
 * too). Records are numbered by the line they start on, which is what an operator looking at the
 * file in an editor needs when a field spans lines.
 */
final class Csv {

    /* Far above any valid field (a task script is at most 16 KiB), low enough that a file with a
       stray quote cannot make one field of the whole rest of the file. */
    static final int MAX_FIELD = 64 * 1024;

    /**
     * One record.
     *
     * @param line   the line it starts on, from 1
     * @param fields its fields
     * @param blank  an empty line, which the reader skips
     */
    record Record(int line, List<String> fields, boolean blank) {
    }

    private Csv() {
    }

    /** Reads records one at a time; syntax errors are {@link ImportException}s with their line. */
    static final class Parser {
        private static final int EOF = -1;

        private final Reader in;
        private int pushedBack = -2;
        private int line = 1;
        private boolean started;

        Parser(Reader in) {
            this.in = in;
        }

        /** The next record, or null at the end of the input. */
        Record next() throws IOException {
            int start = line;
            int c = read();
            if (c == EOF) {
                return null;
            }
            List<String> fields = new ArrayList<>();
            boolean anyQuoted = false;
            while (true) {
                StringBuilder field = new StringBuilder();
                if (c == '"') {
                    anyQuoted = true;
                    int opened = line;
                    while (true) {
                        c = read();
                        if (c == EOF) {
                            throw new ImportException(opened, "a quoted field opened here is never closed", null);
                        }
                        if (c == '"') {
                            c = read();
                            if (c != '"') {
                                break;
                            }
                        }
                        append(field, c);
                    }
                    if (c != ',' && c != '\n' && c != EOF) {
                        throw new ImportException(line, "text after the closing quote of a field; "
                                + "quote the whole field and double each quote inside it", null);
                    }
                } else {
                    while (c != ',' && c != '\n' && c != EOF) {
                        if (c == '"') {
                            throw new ImportException(line, "a double quote inside an unquoted field; "
                                    + "quote the whole field and double each quote inside it", null);
                        }
                        append(field, c);
                        c = read();
                    }
                }
                fields.add(field.toString());
                if (c != ',') {
                    boolean blank = !anyQuoted && fields.size() == 1 && fields.get(0).isEmpty();
                    return new Record(start, List.copyOf(fields), blank);
                }
                c = read();
            }
        }

        private void append(StringBuilder field, int c) {
            if (field.length() >= MAX_FIELD) {
                throw new ImportException(line, "a field longer than " + MAX_FIELD
                        + " characters; is a closing quote missing?", null);
            }
            field.append((char) c);
        }

        /** One character, with CRLF and a lone CR read as LF, and a leading byte order mark dropped. */
        private int read() throws IOException {
            int c;
            if (pushedBack != -2) {
                c = pushedBack;
                pushedBack = -2;
            } else {
                c = in.read();
            }
            if (!started) {
                started = true;
                if (c == '\uFEFF') {
                    c = in.read();
                }
            }
            if (c == '\r') {
                int next = in.read();
                if (next != '\n') {
                    pushedBack = next;
                }
                c = '\n';
            }
            if (c == '\n') {
                line++;
            }
            return c;
        }
    }

    static void writeRecord(Writer out, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(quote(fields.get(i)));
        }
        out.write("\r\n");
    }

    /** The field as written: quoted only when it must be, so simple files stay readable. */
    static String quote(String field) {
        boolean needs = field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
                || field.indexOf('\r') >= 0 || (!field.isEmpty()
                        && (Character.isWhitespace(field.charAt(0)) || Character.isWhitespace(field.charAt(field.length() - 1))));
        return needs ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }
}
