package org.karafpxe.engine.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that watches every request's provider step in progress and times out those past
 * their budget. Asking a provider costs the worker two field writes and a compare-and-set, not a
 * timer task: a timer per step woke the timer thread on every step (each new task headed its empty
 * queue), tens of thousands of times a second in a boot storm, on cores the workers need.
 *
 * <p>The thread looks at the steps in progress at least every tick (a tenth of the provider
 * budget, from 1 to 10 ms), and wakes at the earliest step's due time when that comes sooner, so a
 * step is timed out at its due time, give or take the scheduler. When it finds no step in progress
 * it sleeps until the next one starts, so an idle server does not wake a hundred times a second;
 * under load that costs at most one wake-up per tick.
 */
final class StepWatchdog {
    private static final Logger LOG = LoggerFactory.getLogger(StepWatchdog.class);
    private static final long MIN_TICK = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_TICK = TimeUnit.MILLISECONDS.toNanos(10);

    private final Set<ChainRun> running = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile long tickNanos;
    private volatile boolean stopped;
    /** Set by the thread before it sleeps without a tick; cleared by whoever wakes it. */
    private final AtomicBoolean idle = new AtomicBoolean();

    StepWatchdog(long providerBudgetMillis) {
        budget(providerBudgetMillis);
        thread = new Thread(this::watch, "pxe-provider-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    void budget(long providerBudgetMillis) {
        long tenth = TimeUnit.MILLISECONDS.toNanos(providerBudgetMillis) / 10;
        tickNanos = Math.max(MIN_TICK, Math.min(MAX_TICK, tenth));
    }

    void add(ChainRun run) {
        running.add(run);
        // After the add: the thread sets idle before it looks at running for the last time.
        if (idle.get() && idle.compareAndSet(true, false)) {
            LockSupport.unpark(thread);
        }
    }

    void remove(ChainRun run) {
        running.remove(run);
    }

    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
    }

    /** The watching thread's state: WAITING (no timeout) while it sleeps until the next step. */
    Thread.State threadState() {
        return thread.getState();
    }

    private void watch() {
        while (!stopped) {
            if (running.isEmpty()) {
                idle.set(true);
                // Looked at again after idle is set, so that a step added meanwhile is not missed.
                if (running.isEmpty() && !stopped) {
                    LockSupport.park(this);
                }
                idle.set(false);
                continue;
            }
            long now = System.nanoTime();
            long wake = now + tickNanos;
            for (ChainRun run : running) {
                try {
                    wake = Math.min(wake, run.checkStep(now));
                } catch (RuntimeException e) {
                    LOG.warn("Could not check a request's provider step: {}", e.toString());
                }
            }
            long sleep = wake - System.nanoTime();
            if (sleep > 0) {
                LockSupport.parkNanos(this, sleep);
            }
        }
    }
}
