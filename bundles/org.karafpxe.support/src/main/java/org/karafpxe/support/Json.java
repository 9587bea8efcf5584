package org.karafpxe.support;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small, strict JSON reader and writer (RFC 8259); no library, so a bundle that copies it in
 * imports nothing.
 *
 * <p>Values read: objects as {@code Map<String, Object>} (in document order), arrays as
 * {@code List<Object>}, strings as {@code String}, numbers as {@code BigDecimal}, {@code true} and
 * {@code false} as {@code Boolean}, and {@code null} as Java {@code null}. Strict means: one value
 * and nothing after it but whitespace, no trailing commas, no comments, no single quotes, no
 * leading zeros, no NaN or Infinity, no control characters inside strings, no duplicate keys, and
 * no nesting deeper than {@value #MAX_DEPTH}.
 */
public final class Json {
    public static final int MAX_DEPTH = 32;

    private final String text;
    private int at;

    private Json(String text) {
        this.text = text;
    }

    /** A JSON text that is not well formed; the message names the first problem and where it is. */
    public static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    /** Reads one JSON value: the whole text must be that value. */
    public static Object parse(String text) throws MalformedException {
        Json reader = new Json(text);
        reader.whitespace();
        Object value = reader.value(1);
        reader.whitespace();
        if (reader.at < text.length()) {
            throw reader.error("unexpected " + reader.describeHere() + " after the value");
        }
        return value;
    }

    /**
     * The JSON text of a value: {@code null}, booleans, numbers (a NaN or an infinity as
     * {@code null}), maps (keys as text, in the map's order), collections, {@link Optional} (empty
     * as {@code null}), and anything else as the string of its {@code toString()} (instants in
     * ISO-8601, UUIDs, addresses).
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder(64);
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value instanceof Optional<?> optional) {
            value = optional.orElse(null);
        }
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            out.append(Double.isFinite(d) ? (d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d)
                    : Double.toString(d)) : "null");
        } else if (value instanceof BigDecimal d) {
            out.append(d.toPlainString());
        } else if (value instanceof Number n) {
            out.append(n.toString());
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(quote(String.valueOf(e.getKey()))).append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof Iterable<?> items) {
            out.append('[');
            boolean first = true;
            for (Object item : items) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(item, out);
            }
            out.append(']');
        } else {
            out.append(quote(value.toString()));
        }
    }

    /** The JSON string literal of a text, in ASCII: everything else is escaped. */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2);
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private Object value(int depth) throws MalformedException {
        if (at >= text.length()) {
            throw error("expected a value, found the end of the text");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("expected a value, found " + describeHere());
            }
        };
    }

    private Map<String, Object> object(int depth) throws MalformedException {
        nest(depth);
        at++;
        Map<String, Object> members = new LinkedHashMap<>();
        whitespace();
        if (peek('}')) {
            at++;
            return members;
        }
        while (true) {
            if (!peek('"')) {
                throw error("expected a member name in double quotes, found " + describeHere());
            }
            int keyAt = at;
            String key = string();
            if (members.containsKey(key)) {
                at = keyAt;
                throw error("duplicate member " + quote(key));
            }
            whitespace();
            expect(':');
            whitespace();
            members.put(key, value(depth + 1));
            whitespace();
            if (peek(',')) {
                at++;
                whitespace();
            } else if (peek('}')) {
                at++;
                return members;
            } else {
                throw error("expected ',' or '}' in an object, found " + describeHere());
            }
        }
    }

    private List<Object> array(int depth) throws MalformedException {
        nest(depth);
        at++;
        List<Object> items = new ArrayList<>();
        whitespace();
        if (peek(']')) {
            at++;
            return items;
        }
        while (true) {
            items.add(value(depth + 1));
            whitespace();
            if (peek(',')) {
                at++;
                whitespace();
            } else if (peek(']')) {
                at++;
                return items;
            } else {
                throw error("expected ',' or ']' in an array, found " + describeHere());
            }
        }
    }

    private void nest(int depth) throws MalformedException {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private String string() throws MalformedException {
        int start = at;
        at++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                at = start;
                throw error("string is not closed");
            }
            char c = text.charAt(at);
            if (c == '"') {
                at++;
                return out.toString();
            }
            if (c < 0x20) {
                throw error("control character " + String.format("U+%04X", (int) c) + " in a string (escape it)");
            }
            if (c != '\\') {
                out.append(c);
                at++;
                continue;
            }
            if (at + 1 >= text.length()) {
                throw error("escape at the end of the text");
            }
            char e = text.charAt(at + 1);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (at + 6 > text.length()) {
                        throw error("\\u needs four hex digits");
                    }
                    int code = 0;
                    for (int i = at + 2; i < at + 6; i++) {
                        int digit = hexDigit(text.charAt(i));
                        if (digit < 0) {
                            throw error("\\u needs four hex digits");
                        }
                        code = code * 16 + digit;
                    }
                    out.append((char) code);
                    at += 4;
                }
                default -> throw error("unknown escape \\" + printable(e));
            }
            at += 2;
        }
    }

    private BigDecimal number() throws MalformedException {
        int start = at;
        if (peek('-')) {
            at++;
        }
        if (peek('0')) {
            at++;
            if (at < text.length() && isDigit(text.charAt(at))) {
                throw error("a number may not have leading zeros");
            }
        } else if (!digits()) {
            throw error("expected a digit, found " + describeHere());
        }
        if (peek('.')) {
            at++;
            if (!digits()) {
                throw error("expected a digit after the decimal point, found " + describeHere());
            }
        }
        if (peek('e') || peek('E')) {
            at++;
            if (peek('+') || peek('-')) {
                at++;
            }
            if (!digits()) {
                throw error("expected a digit in the exponent, found " + describeHere());
            }
        }
        try {
            return new BigDecimal(text.substring(start, at));
        } catch (NumberFormatException e) {
            at = start;
            throw error("number out of range");
        }
    }

    private boolean digits() {
        int start = at;
        while (at < text.length() && isDigit(text.charAt(at))) {
            at++;
        }
        return at > start;
    }

    /** An ASCII hex digit's value, else -1 (Character.digit would take other scripts' digits too). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object value) throws MalformedException {
        if (!text.startsWith(word, at)) {
            throw error("expected a value, found " + describeHere());
        }
        at += word.length();
        return value;
    }

    private void whitespace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private boolean peek(char c) {
        return at < text.length() && text.charAt(at) == c;
    }

    private void expect(char c) throws MalformedException {
        if (!peek(c)) {
            throw error("expected '" + c + "', found " + describeHere());
        }
        at++;
    }

    private String describeHere() {
        return at >= text.length() ? "the end of the text" : "'" + printable(text.charAt(at)) + "'";
    }

    private static String printable(char c) {
        return c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : String.valueOf(c);
    }

    private MalformedException error(String what) {
        return new MalformedException("at character " + (at + 1) + ": " + what);
    }
}
