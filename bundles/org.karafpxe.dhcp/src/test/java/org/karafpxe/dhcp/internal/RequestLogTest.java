package org.karafpxe.dhcp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

public class RequestLogTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    public void logsUpToTheLimitEachSecondThenCountsTheRest() {
        Lines lines = new Lines();
        RequestLog log = new RequestLog(2, lines.logger, 0, Runnable::run);
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
        RequestLog log = new RequestLog(0, lines.logger, 0, Runnable::run);
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
        RequestLog log = new RequestLog(1, lines.logger, 0, Runnable::run);
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

    @Test
    public void linesAreBuiltAndWrittenByTheWriterNotByTheCaller() {
        Lines lines = new Lines();
        List<Runnable> pending = new ArrayList<>();
        RequestLog log = new RequestLog(1, lines.logger, 0, pending::add);
        boolean[] built = {false};
        log.log(() -> {
            built[0] = true;
            return "request 1";
        }, 1);
        log.log(() -> "request 2", 2);
        log.flush(SECOND + 1);
        assertEquals("nothing built or written on the calling thread", List.of(), lines.lines);
        assertFalse(built[0]);
        pending.forEach(Runnable::run);
        assertEquals(2, lines.lines.size());
        assertEquals("request 1", lines.lines.get(0));
        assertTrue(lines.lines.get(1), lines.lines.get(1).startsWith("1 more PXE request(s)"));
    }

    /** A logger that keeps its INFO lines (formatted as SLF4J does); every other level is off. */
    private static final class Lines {
        final List<String> lines = new ArrayList<>();
        boolean info = true;
        final Logger logger = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
                new Class<?>[] {Logger.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isInfoEnabled" -> info;
                    case "info" -> {
                        Object[] rest = Arrays.copyOfRange(args, 1, args.length);
                        lines.add(MessageFormatter.arrayFormat((String) args[0], rest).getMessage());
                        yield null;
                    }
                    case "getName" -> "requests";
                    default -> method.getReturnType() == boolean.class ? false : null;
                });
    }
}
