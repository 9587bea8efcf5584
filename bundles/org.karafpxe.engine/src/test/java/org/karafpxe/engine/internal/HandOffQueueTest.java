package org.karafpxe.engine.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.Test;

public class HandOffQueueTest {

    @Test
    public void refusesBeyondItsCapacityAndTakesAgainOnceATaskLeaves() throws InterruptedException {
        HandOffQueue queue = new HandOffQueue(2, 2);
        Runnable first = () -> { };
        assertTrue(queue.offer(first));
        assertTrue(queue.offer(() -> { }));
        assertFalse(queue.offer(() -> { }));
        assertEquals(0, queue.remainingCapacity());

        assertSame(first, queue.poll());
        assertEquals(1, queue.remainingCapacity());
        assertTrue(queue.offer(() -> { }));
        assertFalse(queue.offer(() -> { }));
    }

    @Test
    public void everyWayOutFreesRoom() throws InterruptedException {
        HandOffQueue queue = new HandOffQueue(4, 2);
        Runnable removed = () -> { };
        for (Runnable task : List.<Runnable>of(() -> { }, () -> { }, removed, () -> { })) {
            assertTrue(queue.offer(task));
        }
        assertTrue(queue.remove(removed));
        assertFalse(queue.remove(removed));
        assertNotNull(queue.take());
        assertNotNull(queue.poll(1, TimeUnit.SECONDS));
        List<Runnable> drained = new ArrayList<>();
        assertEquals(1, queue.drainTo(drained));
        assertEquals(4, queue.remainingCapacity());
        for (int i = 0; i < 4; i++) {
            assertTrue(queue.offer(() -> { }));
        }
        assertFalse(queue.offer(() -> { }));
    }

    @Test
    public void aBurstWakesAtMostMaxWakingAtOnceAndTheWokenWakeTheRest() throws InterruptedException {
        HandOffQueue queue = new HandOffQueue(100, 2);
        int workers = 6;
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(workers);
        Set<String> served = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(() -> {
                try {
                    Runnable task = queue.poll(30, TimeUnit.SECONDS);
                    if (task != null) {
                        task.run();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "worker-" + i);
            t.setDaemon(true);
            t.start();
        }
        awaitTrue(() -> queue.sleeping() == workers);
        for (int i = 0; i < workers; i++) {
            assertTrue(queue.offer(() -> {
                served.add(Thread.currentThread().getName());
                started.countDown();
                awaitQuietly(release);
            }));
            assertTrue("woken at once: " + queue.waking(), queue.waking() <= 2);
        }
        // Each task holds its worker, so six tasks started means six workers woke, one after another.
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertEquals(workers, served.size());
        assertEquals(0, queue.size());
        release.countDown();
    }

    @Test
    public void underBurstsAndPausesEveryTaskRuns() throws InterruptedException {
        HandOffQueue queue = new HandOffQueue(1_000_000, 2);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(8, 8, 50, TimeUnit.MILLISECONDS, queue);
        pool.allowCoreThreadTimeOut(true);
        int producers = 2;
        int perProducer = 50_000;
        LongAdder ran = new LongAdder();
        CountDownLatch all = new CountDownLatch(producers * perProducer);
        Thread[] threads = new Thread[producers];
        for (int p = 0; p < producers; p++) {
            threads[p] = new Thread(() -> {
                for (int i = 0; i < perProducer; i++) {
                    pool.execute(() -> {
                        ran.increment();
                        all.countDown();
                    });
                    if (i % 1000 == 999) {
                        // A pause, so that workers go to sleep and must be woken again (some time out).
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(i % 3000 == 2999 ? 60 : 1));
                    }
                }
            });
            threads[p].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue("ran " + ran.sum() + " of " + producers * perProducer, all.await(30, TimeUnit.SECONDS));
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(0, queue.size());
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue("timed out", System.nanoTime() < until);
            Thread.sleep(1);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
