package org.karafpxe.engine.internal;

import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The workers' queue: at most {@code capacity} requests wait, and idle workers are woken for them
 * several at a time, but never more than {@code maxWaking} at once.
 *
 * <p>A {@link java.util.concurrent.LinkedBlockingQueue} wakes one idle worker when it stops being
 * empty, and that worker wakes the next once it runs. On a machine whose cores are all busy a woken
 * thread may wait milliseconds for a core, and every request arriving meanwhile queued behind that
 * one wake-up while the other workers slept. Waking a worker for every request instead (a hand-off
 * queue) has the opposite fault: a room of machines booting at once wakes every worker together,
 * and dozens of threads then take turns on two cores. Here a request wakes an idle worker as long
 * as fewer than {@code maxWaking} wake-ups are on their way, so that one late thread holds up no
 * one while another is on its way; a worker that finds more requests after taking one wakes the
 * next, as the blocking queue does. The worker woken is the one idle for the shortest time, whose
 * caches are warmest; the others stay asleep and, after the pool's keep-alive, end.
 *
 * <p>A worker that finishes a request takes the next one without sleeping, so under a steady load
 * the workers that are awake keep going and nobody needs waking at all.
 */
final class HandOffQueue extends AbstractQueue<Runnable> implements BlockingQueue<Runnable> {

    private final int capacity;
    private final int maxWaking;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    /** Idle workers, the one idle for the shortest time first. */
    private final ConcurrentLinkedDeque<Sleeper> sleepers = new ConcurrentLinkedDeque<>();
    /** Workers woken that have not started looking for a task yet. */
    private final AtomicInteger waking = new AtomicInteger();

    /** An idle worker; whoever moves it out of ASLEEP first (its waker, or itself) decides why it woke. */
    private static final class Sleeper {
        static final int ASLEEP = 0;
        static final int WOKEN = 1;
        static final int LEFT = 2;
        final Thread thread = Thread.currentThread();
        final AtomicInteger state = new AtomicInteger(ASLEEP);
    }

    HandOffQueue(int capacity, int maxWaking) {
        if (capacity < 1 || maxWaking < 1) {
            throw new IllegalArgumentException("capacity and maxWaking must be at least 1");
        }
        this.capacity = capacity;
        this.maxWaking = maxWaking;
    }

    @Override
    public boolean offer(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (count.incrementAndGet() > capacity) {
            count.decrementAndGet();
            return false;
        }
        // Added before looking for a sleeper; a worker going to sleep does the reverse (see poll),
        // so that either the worker sees this task or this sees the worker.
        tasks.add(task);
        wakeOne();
        return true;
    }

    @Override
    public Runnable poll() {
        Runnable task = next();
        if (task != null && !tasks.isEmpty()) {
            wakeOne();
        }
        return task;
    }

    /** Takes the next task, if any, off the queue and the count. */
    private Runnable next() {
        Runnable task = tasks.poll();
        if (task != null) {
            count.decrementAndGet();
        }
        return task;
    }

    @Override
    public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
        return await(true, System.nanoTime() + unit.toNanos(timeout));
    }

    @Override
    public Runnable take() throws InterruptedException {
        return await(false, 0);
    }

    private Runnable await(boolean timed, long deadline) throws InterruptedException {
        while (true) {
            if (Thread.interrupted()) {
                // Should a wake-up have been meant for this worker, another one takes it over.
                if (!tasks.isEmpty()) {
                    wakeOne();
                }
                throw new InterruptedException();
            }
            Runnable task = poll();
            if (task != null) {
                return task;
            }
            if (timed && deadline - System.nanoTime() <= 0) {
                return null;
            }
            Sleeper me = new Sleeper();
            sleepers.addFirst(me);
            if (tasks.isEmpty()) {
                while (me.state.get() == Sleeper.ASLEEP && !Thread.currentThread().isInterrupted()) {
                    if (!timed) {
                        LockSupport.park(this);
                        continue;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    LockSupport.parkNanos(this, left);
                }
            }
            if (me.state.compareAndSet(Sleeper.ASLEEP, Sleeper.LEFT)) {
                sleepers.remove(me);
            } else {
                waking.decrementAndGet();
            }
        }
    }

    /** Wakes the worker idle for the shortest time, unless {@code maxWaking} are on their way already. */
    private void wakeOne() {
        int on = waking.get();
        while (on < maxWaking) {
            if (!waking.compareAndSet(on, on + 1)) {
                on = waking.get();
                continue;
            }
            Sleeper sleeper;
            do {
                sleeper = sleepers.pollFirst();
                if (sleeper == null) {
                    waking.decrementAndGet();
                    return;
                }
                // One that has left by itself (timed out, interrupted or found a task) is passed over.
            } while (!sleeper.state.compareAndSet(Sleeper.ASLEEP, Sleeper.WOKEN));
            LockSupport.unpark(sleeper.thread);
            return;
        }
    }

    /** Idle workers woken that have not yet started looking for a request. */
    int waking() {
        return waking.get();
    }

    /** Idle workers asleep. */
    int sleeping() {
        return sleepers.size();
    }

    @Override
    public Runnable peek() {
        return tasks.peek();
    }

    @Override
    public int size() {
        return count.get();
    }

    @Override
    public boolean isEmpty() {
        return tasks.isEmpty();
    }

    @Override
    public boolean remove(Object task) {
        boolean removed = tasks.remove(task);
        if (removed) {
            count.decrementAndGet();
        }
        return removed;
    }

    @Override
    public Iterator<Runnable> iterator() {
        Iterator<Runnable> inner = tasks.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return inner.hasNext();
            }

            @Override
            public Runnable next() {
                return inner.next();
            }

            @Override
            public void remove() {
                inner.remove();
                count.decrementAndGet();
            }
        };
    }

    @Override
    public int remainingCapacity() {
        return Math.max(0, capacity - count.get());
    }

    /** Waits for room, which the workers never need: the pool offers and is refused when full. */
    @Override
    public void put(Runnable task) throws InterruptedException {
        while (!offer(task)) {
            waitForRoom();
        }
    }

    @Override
    public boolean offer(Runnable task, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (!offer(task)) {
            if (deadline - System.nanoTime() <= 0) {
                return false;
            }
            waitForRoom();
        }
        return true;
    }

    private static void waitForRoom() throws InterruptedException {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    @Override
    public int drainTo(Collection<? super Runnable> sink) {
        return drainTo(sink, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super Runnable> sink, int maxElements) {
        int drained = 0;
        Runnable task;
        while (drained < maxElements && (task = next()) != null) {
            sink.add(task);
            drained++;
        }
        return drained;
    }
}
