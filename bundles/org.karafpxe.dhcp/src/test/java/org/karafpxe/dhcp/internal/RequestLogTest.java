package org.karafpxe.dhcp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.slf4j.helpers.MarkerIgnoringBase;
import org.slf4j.helpers.MessageFormatter;

public class RequestLogTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    public void logsUpToTheLimitEachSecondThenCountsTheRest() {
        Lines lines = new Lines();
        RequestLog log = new RequestLog(2, lines, 0);
        for (int i = 1; i <= 5; i++) {
            int n = i;
            log.log(() -> "request " + n, 10 * i);
        }
        assertEquals(List.of("request 1", "request 2"), lines.lines);

        // The next second starts with what the last one left unlogged, then logs again.
        log.log(() -> "request 6", SECOND + 1);
        assertEquals(4, lines.lines.size());
        assertTrue(lines.lines.get(2), lines.lines.get(2).startsWith("3 more PXE request(s) in the last second"));
        assertTrue(lines.lines.get(2), lines.lines.get(2).contains("requests.log.per.second = 2"));
        assertEquals("request 6", lines.lines.get(3));
    }

    @Test
    public void theCountOfAQuietEndIsWrittenByTheFlush() {
        Lines lines = new Lines();
        RequestLog log = new RequestLog(0, lines, 0);
        log.log(() -> "request 1", 1);
        log.log(() -> "request 2", 2);
        log.flush(SECOND / 2);
        assertEquals(List.of(), lines.lines);
        log.flush(SECOND + 3);
        assertEquals(1, lines.lines.size());
        assertTrue(lines.lines.get(0), lines.lines.get(0).startsWith("2 more PXE request(s)"));
        log.flush(3 * SECOND);
        assertEquals("nothing more to say", 1, lines.lines.size());
    }

    @Test
    public void aLineIsNotBuiltWhenNotLogged() {
        Lines lines = new Lines();
        RequestLog log = new RequestLog(1, lines, 0);
        log.log(() -> "first", 1);
        log.log(() -> {
            throw new AssertionError("built a line beyond the limit");
        }, 2);
        lines.info = false;
        log.log(() -> {
            throw new AssertionError("built a line with the logger off");
        }, 2 * SECOND);
        assertEquals(List.of("first"), lines.lines);
    }

    /** A logger that keeps its INFO lines. */
    private static final class Lines extends MarkerIgnoringBase {
        final List<String> lines = new ArrayList<>();
        boolean info = true;

        @Override public boolean isInfoEnabled() { return info; }
        @Override public void info(String msg) { lines.add(msg); }
        @Override public void info(String format, Object arg) { lines.add(MessageFormatter.format(format, arg).getMessage()); }
        @Override public void info(String format, Object a, Object b) { lines.add(MessageFormatter.format(format, a, b).getMessage()); }
        @Override public void info(String format, Object... args) { lines.add(MessageFormatter.arrayFormat(format, args).getMessage()); }
        @Override public void info(String msg, Throwable t) { lines.add(msg); }
        @Override public boolean isTraceEnabled() { return false; }
        @Override public void trace(String msg) { }
        @Override public void trace(String format, Object arg) { }
        @Override public void trace(String format, Object a, Object b) { }
        @Override public void trace(String format, Object... args) { }
        @Override public void trace(String msg, Throwable t) { }
        @Override public boolean isDebugEnabled() { return false; }
        @Override public void debug(String msg) { }
        @Override public void debug(String format, Object arg) { }
        @Override public void debug(String format, Object a, Object b) { }
        @Override public void debug(String format, Object... args) { }
        @Override public void debug(String msg, Throwable t) { }
        @Override public boolean isWarnEnabled() { return false; }
        @Override public void warn(String msg) { }
        @Override public void warn(String format, Object arg) { }
        @Override public void warn(String format, Object a, Object b) { }
        @Override public void warn(String format, Object... args) { }
        @Override public void warn(String msg, Throwable t) { }
        @Override public boolean isErrorEnabled() { return false; }
        @Override public void error(String msg) { }
        @Override public void error(String format, Object arg) { }
        @Override public void error(String format, Object a, Object b) { }
        @Override public void error(String format, Object... args) { }
        @Override public void error(String msg, Throwable t) { }
    }
}
