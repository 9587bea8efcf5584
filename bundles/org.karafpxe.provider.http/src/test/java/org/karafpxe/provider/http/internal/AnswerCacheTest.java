package org.karafpxe.provider.http.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Optional;
import org.junit.Test;
import org.karafpxe.api.Decision;

public class AnswerCacheTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    public void answersExpireAfterTheTtl() {
        AnswerCache cache = new AnswerCache(30 * SECOND, 10);
        Decision pass = Decision.pass("x");
        cache.put("a", pass, 0);
        assertEquals(Optional.of(pass), cache.get("a", 30 * SECOND - 1));
        assertEquals(Optional.empty(), cache.get("a", 30 * SECOND));
        assertEquals("an expired answer is dropped", 0, cache.size());
    }

    @Test
    public void theLeastRecentlyUsedGoesFirstWhenFull() {
        AnswerCache cache = new AnswerCache(30 * SECOND, 2);
        cache.put("a", Decision.pass("a"), 0);
        cache.put("b", Decision.pass("b"), 0);
        assertTrue(cache.get("a", 1).isPresent());
        cache.put("c", Decision.pass("c"), 2);
        assertEquals(2, cache.size());
        assertTrue(cache.get("a", 3).isPresent());
        assertFalse(cache.get("b", 3).isPresent());
        assertTrue(cache.get("c", 3).isPresent());
    }

    @Test
    public void aZeroTtlKeepsNothing() {
        AnswerCache cache = new AnswerCache(0, 10);
        assertFalse(cache.enabled());
        cache.put("a", Decision.pass("a"), 0);
        assertEquals(0, cache.size());
        assertEquals(Optional.empty(), cache.get("a", 0));
    }

    @Test
    public void clockValuesMayWrap() {
        AnswerCache cache = new AnswerCache(30 * SECOND, 10);
        cache.put("a", Decision.pass("a"), Long.MAX_VALUE - SECOND);
        assertTrue(cache.get("a", Long.MAX_VALUE + SECOND).isPresent());
        assertFalse(cache.get("a", Long.MAX_VALUE - SECOND + 30 * SECOND).isPresent());
    }
}
