package org.karafpxe.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class TicketBookTest {
    private final AtomicLong clock = new AtomicLong();
    private final TicketBook<String> book = new TicketBook<>(3, 100, 10, clock::get);

    @Test
    public void aTicketNamesItsValueInAnyCaseUntilItExpires() {
        String t = book.issue(1, "a");
        assertTrue(t, t.matches(TicketBook.PATTERN) && t.equals(t.toLowerCase(Locale.ROOT)));
        assertEquals(Optional.of("a"), book.lookup(t.toUpperCase(Locale.ROOT)));
        clock.set(99);
        assertEquals(Optional.of("a"), book.lookup(t));
        clock.set(100);
        assertEquals(Optional.empty(), book.lookup(t));
        assertEquals(Optional.empty(), book.lookup("aaaaaaaaaaaaaaaaaaaaaaaaaa"));
    }

    @Test
    public void oneBootsRepeatedAnswersShareATicket() {
        String t = book.issue(1, "a");
        clock.set(9);
        assertEquals(t, book.issue(1, "a"));
        assertNotEquals("another value", t, book.issue(1, "b"));
        clock.set(30);
        assertNotEquals("later", book.issue(1, "b"), book.issue(2, "b"));
    }

    @Test
    public void theOldestGoFirstBeyondTheCap() {
        String first = book.issue(1, "a");
        book.issue(2, "b");
        book.issue(3, "c");
        book.issue(4, "d");
        assertEquals(3, book.size());
        assertEquals(Optional.empty(), book.lookup(first));
    }
}
