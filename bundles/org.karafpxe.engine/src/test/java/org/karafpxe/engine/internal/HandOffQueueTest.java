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
import java.util.concurrent.TimeUnit;
import org.junit.Test;

public class HandOffQueueTest {

    @Test
    public void refusesBeyondItsCapacityAndTakesAgainOnceATaskLeaves() throws InterruptedException {
        HandOffQueue queue = new HandOffQueue(2);
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
        HandOffQueue queue = new HandOffQueue(4);
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
    public void eachTaskGoesToAnIdleWorkerOfItsOwn() throws InterruptedException {
        HandOffQueue queue = new HandOffQueue(10);
        int workers = 3;
        Set<String> served = ConcurrentHashMap.newKeySet();
        CountDownLatch done = new CountDownLatch(workers);
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(() -> {
                try {
                    Runnable task = queue.poll(10, TimeUnit.SECONDS);
                    if (task != null) {
                        served.add(Thread.currentThread().getName());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "worker-" + i);
            t.setDaemon(true);
            t.start();
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queue.getWaitingConsumerCount() < workers && System.nanoTime() < until) {
            Thread.sleep(1);
        }
        assertEquals(workers, queue.getWaitingConsumerCount());
        for (int i = 0; i < workers; i++) {
            assertTrue(queue.offer(() -> { }));
        }
        // Handed over at once: none of them waits in the queue for a worker to come back for it.
        assertEquals(0, queue.size());
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(Set.of("worker-0", "worker-1", "worker-2"), served);
        assertEquals(10, queue.remainingCapacity());
    }
}
