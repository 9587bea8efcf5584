package org.karafpxe.engine.internal;

import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workers' queue: a request is handed straight to an idle worker, a different one for each
 * request, and waits in the queue only when every worker is busy; at most {@code capacity} wait.
 *
 * <p>A {@link java.util.concurrent.LinkedBlockingQueue} wakes one idle worker when it stops being
 * empty, and that worker wakes the next once it runs. On a machine whose cores are all busy a woken
 * thread may wait milliseconds for a core, and every request arriving meanwhile queued behind that
 * one wake-up, while the other workers slept. Here each request wakes a worker of its own, so one
 * late thread delays one request.
 *
 * <p>The count covers every way a task leaves ({@code drainTo} goes through {@link #poll()}).
 */
final class HandOffQueue extends LinkedTransferQueue<Runnable> {
    private static final long serialVersionUID = 1L;

    private final int capacity;
    private final AtomicInteger count = new AtomicInteger();

    HandOffQueue(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public boolean offer(Runnable task) {
        if (count.incrementAndGet() > capacity) {
            count.decrementAndGet();
            return false;
        }
        return super.offer(task);
    }

    @Override
    public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
        return taken(super.poll(timeout, unit));
    }

    @Override
    public Runnable poll() {
        return taken(super.poll());
    }

    @Override
    public Runnable take() throws InterruptedException {
        return taken(super.take());
    }

    @Override
    public boolean remove(Object task) {
        boolean removed = super.remove(task);
        if (removed) {
            count.decrementAndGet();
        }
        return removed;
    }

    @Override
    public int remainingCapacity() {
        return Math.max(0, capacity - count.get());
    }

    private Runnable taken(Runnable task) {
        if (task != null) {
            count.decrementAndGet();
        }
        return task;
    }
}
