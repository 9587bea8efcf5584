package org.karafpxe.tftp.internal;

import static org.junit.Assert.assertEquals;

import io.netty.channel.SelectStrategy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

/** When an event loop polls, when it sleeps, and that timers still run while it polls. */
public class BusyPollStrategyTest {

    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger selectNowCalls = new AtomicInteger();
    private final AtomicLong pollNanos = new AtomicLong(60_000_000_000L);
    private final AtomicBoolean allowed = new AtomicBoolean(true);
    private final SelectStrategy strategy = BusyPollStrategy.factory(pollNanos::get, allowed::get).newSelectStrategy();

    private int next(boolean hasTasks) throws Exception {
        return strategy.calculateStrategy(() -> {
            selectNowCalls.incrementAndGet();
            return ready.get();
        }, hasTasks);
    }

    @Test
    public void withoutPollingItBehavesLikeNettysDefault() throws Exception {
        pollNanos.set(0);
        assertEquals(SelectStrategy.SELECT, next(false));
        assertEquals("sleeps without looking first", 0, selectNowCalls.get());
        ready.set(3);
        assertEquals(3, next(true));
    }

    @Test
    public void afterAPacketItPollsInsteadOfSleeping() throws Exception {
        ready.set(1);
        assertEquals(1, next(false));
        ready.set(0);
        assertEquals(SelectStrategy.CONTINUE, next(false));
        assertEquals(SelectStrategy.CONTINUE, next(false));
        ready.set(2);
        assertEquals("a packet that arrives while polling is handled at once", 2, next(false));
    }

    @Test
    public void queuedTasksAreHandledAtOnce() throws Exception {
        assertEquals(0, next(true));
        assertEquals(SelectStrategy.CONTINUE, next(false));
    }

    @Test
    public void itSleepsOncePollingTimeHasPassedSinceTheLastPacket() throws Exception {
        pollNanos.set(1_000_000);
        ready.set(1);
        next(false);
        ready.set(0);
        Thread.sleep(5);
        assertEquals(SelectStrategy.SELECT, next(false));
    }

    @Test
    public void itSleepsWhenPollingDoesNotApply() throws Exception {
        ready.set(1);
        next(false);
        ready.set(0);
        allowed.set(false);
        assertEquals(SelectStrategy.SELECT, next(false));
        allowed.set(true);
        assertEquals(SelectStrategy.CONTINUE, next(false));
    }
}
