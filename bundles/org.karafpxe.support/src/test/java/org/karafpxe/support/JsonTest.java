package org.karafpxe.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class JsonTest {

    private static Object parse(String text) throws Json.MalformedException {
        return Json.parse(text);
    }

    private static void assertMalformed(String text, String messagePart) {
        try {
            Object value = Json.parse(text);
            fail(text + " was read as " + value);
        } catch (Json.MalformedException e) {
            assertTrue(text + ": " + e.getMessage(), e.getMessage().contains(messagePart));
        }
    }

    @Test
    public void readsEveryKindOfValue() throws Exception {
        Object value = parse(" {\"s\":\"x\",\"n\":-12.5e1,\"i\":0,\"t\":true,\"f\":false,\"z\":null,"
                + "\"a\":[1,\"two\",[],{}],\"o\":{\"k\":\"v\"}}\r\n\t");
        Map<?, ?> map = (Map<?, ?>) value;
        assertEquals(List.of("s", "n", "i", "t", "f", "z", "a", "o"), List.copyOf(map.keySet()));
        assertEquals("x", map.get("s"));
        assertEquals(0, new BigDecimal("-125").compareTo((BigDecimal) map.get("n")));
        assertEquals(BigDecimal.ZERO, map.get("i"));
        assertEquals(Boolean.TRUE, map.get("t"));
        assertEquals(Boolean.FALSE, map.get("f"));
        assertTrue(map.containsKey("z"));
        assertNull(map.get("z"));
        assertEquals(Arrays.asList(BigDecimal.ONE, "two", List.of(), Map.of()), map.get("a"));
        assertEquals(Map.of("k", "v"), map.get("o"));
        assertEquals("top-level scalars are values too", "abc", parse("\"abc\""));
        assertNull(parse("null"));
    }

    @Test
    public void readsEscapes() throws Exception {
        assertEquals("a\"b\\c/d\b\f\n\r\t\u00e9\ud83d\ude00", parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00E9\\ud83d\\ude00\""));
        assertEquals("\u00e9 (as is)", parse("\"\u00e9 (as is)\""));
    }

    @Test
    public void refusesWhatIsNotStrictJson() {
        assertMalformed("", "expected a value, found the end of the text");
        assertMalformed("   ", "expected a value");
        assertMalformed("{\"a\":1,}", "expected a member name");
        assertMalformed("[1,]", "expected a value, found ']'");
        assertMalformed("{'a':1}", "expected a member name in double quotes");
        assertMalformed("{\"a\" 1}", "expected ':'");
        assertMalformed("{\"a\":1 \"b\":2}", "expected ',' or '}'");
        assertMalformed("[1 2]", "expected ',' or ']'");
        assertMalformed("{\"a\":1}{}", "after the value");
        assertMalformed("{\"a\":1} x", "unexpected 'x' after the value");
        assertMalformed("{\"a\":1,\"a\":2}", "duplicate member \"a\"");
        assertMalformed("01", "leading zeros");
        assertMalformed("-", "expected a digit");
        assertMalformed("1.", "after the decimal point");
        assertMalformed(".5", "expected a value");
        assertMalformed("1e", "in the exponent");
        assertMalformed("+1", "expected a value");
        assertMalformed("NaN", "expected a value");
        assertMalformed("Infinity", "expected a value");
        assertMalformed("tru", "expected a value");
        assertMalformed("True", "expected a value");
        assertMalformed("\"open", "string is not closed");
        assertMalformed("\"a\nb\"", "control character U+000A");
        assertMalformed("\"\\x\"", "unknown escape \\x");
        assertMalformed("\"\\u12\"", "four hex digits");
        assertMalformed("\"\\u12g4\"", "four hex digits");
        assertMalformed("\"\\u\u0661\u0662\u0663\u0664\"", "four hex digits");
        assertMalformed("/* no */ {}", "expected a value");
        assertMalformed("\u00a0{}", "expected a value, found 'U+00A0'");
        assertMalformed("1e99999999999", "number out of range");
    }

    @Test
    public void errorsSayWhere() {
        assertMalformed("{\"a\" 1}", "at character 6:");
    }

    @Test
    public void nestingIsLimited() throws Exception {
        String deepest = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertTrue(parse(deepest) instanceof List);
        String deeper = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        assertMalformed(deeper, "nested deeper than " + Json.MAX_DEPTH);
        assertMalformed("[".repeat(100_000), "nested deeper than");
    }

    @Test
    public void quotesInAscii() throws Exception {
        assertEquals("\"plain\"", Json.quote("plain"));
        assertEquals("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u00e9\\u2028\\ud83d\\ude00\\u007f\"",
                Json.quote("a\"b\\c\n\r\t\b\f\u0001\u00e9\u2028\ud83d\ude00\u007f"));
        String awkward = "PXEClient:Arch:00007\u0000\"}\\";
        assertEquals("what is written reads back", awkward, parse(Json.quote(awkward)));
    }

    @Test
    public void writesWhatItReadsBackAndEscapesToAscii() throws Exception {
        Map<String, Object> value = new java.util.LinkedHashMap<>();
        value.put("name", "lab-\u00e9\n\"1\"");
        value.put("none", java.util.Optional.empty());
        value.put("some", java.util.Optional.of(3));
        value.put("list", List.of(1, 2.5, true));
        value.put("nan", Double.NaN);
        value.put("whole", 2.0);
        value.put("at", java.time.Instant.parse("2026-12-06T15:00:00Z"));
        String text = Json.write(value);
        assertEquals("{\"name\":\"lab-\\u00e9\\n\\\"1\\\"\",\"none\":null,\"some\":3,\"list\":[1,2.5,true],"
                + "\"nan\":null,\"whole\":2,\"at\":\"2026-12-06T15:00:00Z\"}", text);
        Map<?, ?> back = (Map<?, ?>) Json.parse(text);
        assertEquals("lab-\u00e9\n\"1\"", back.get("name"));
        assertNull(back.get("none"));
    }
}
