package org.karafpxe.dhcp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.karafpxe.api.MacAddress;

public class AnswerBudgetTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private static MacAddress mac(int i) {
        return MacAddress.parse(String.format("52:54:00:00:%02x:%02x", i >> 8, i & 0xff)).orElseThrow();
    }

    @Test
    public void eachClientGetsItsAnswersPerWindowAndQuietOnesAreForgotten() {
        AnswerBudget budget = new AnswerBudget(3);
        for (int i = 0; i < 3; i++) {
            assertTrue(budget.take(mac(1), i * SECOND));
        }
        assertFalse(budget.take(mac(1), 3 * SECOND));
        assertTrue("another client has its own budget", budget.take(mac(2), 3 * SECOND));
        assertTrue("a new window", budget.take(mac(1), AnswerBudget.WINDOW_SECONDS * SECOND));
        assertEquals(2, budget.tracked());
        budget.take(mac(3), 3 * AnswerBudget.WINDOW_SECONDS * SECOND);
        assertEquals("clients quiet for a window are forgotten", 1, budget.tracked());
    }
}
