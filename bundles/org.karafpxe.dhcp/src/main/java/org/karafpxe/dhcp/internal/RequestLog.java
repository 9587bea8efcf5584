package org.karafpxe.dhcp.internal;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request log: one line per PXE request and what became of it, on the
 * {@code org.karafpxe.dhcp.requests} logger, up to a number of lines a second. In a boot storm a
 * line per request would cost more than answering it, and nobody reads ten thousand lines a
 * second; beyond the limit, requests are counted instead, and one line says how many went
 * unlogged in that second ({@code pxe:requests} keeps the latest decisions in full).
 *
 * <p>Lines are built and written on a thread of their own, never on the caller's: most requests
 * are answered on the socket thread, and a log appender writes to a file as it is called.
 */
final class RequestLog {
    private static final Logger REQUESTS = LoggerFactory.getLogger("org.karafpxe.dhcp.requests");
    private static final long SECOND = 1_000_000_000L;

    /** Lines waiting to be written; beyond it (a disk that stalls for seconds) lines are dropped. */
    private static final int PENDING = 4096;

    private final int perSecond;
    private final Logger log;
    private final Executor writer;
    private long windowStart;
    private int logged;
    private int skipped;

    /** @param perSecond lines a second at most; 0 logs no single request, only the counts */
    RequestLog(int perSecond) {
        this(perSecond, REQUESTS, System.nanoTime(), writerThread());
    }

    /** @param writer runs the writing of each line */
    RequestLog(int perSecond, Logger log, long now, Executor writer) {
        this.perSecond = perSecond;
        this.log = log;
        this.windowStart = now;
        this.writer = writer;
    }

    /** One thread, started when there is a line to write and gone after a while without one. */
    private static ExecutorService writerThread() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(PENDING), new DefaultThreadFactory("pxe-request-log", true),
                new ThreadPoolExecutor.DiscardPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Stops the writer thread once the lines given so far are written. */
    void close() {
        if (writer instanceof ExecutorService service) {
            service.shutdown();
        }
    }

    /** Logs the line {@code line} makes, unless this second's share is used up. */
    void log(Supplier<String> line) {
        log(line, System.nanoTime());
    }

    void log(Supplier<String> line, long now) {
        if (!log.isInfoEnabled()) {
            return;
        }
        int unlogged;
        boolean admitted;
        synchronized (this) {
            unlogged = roll(now);
            admitted = logged < perSecond;
            if (admitted) {
                logged++;
            } else {
                skipped++;
            }
        }
        report(unlogged);
        if (admitted) {
            write(() -> log.info(line.get()));
        }
    }

    /** Says how many requests went unlogged in a second that has ended, if any; called every second. */
    void flush(long now) {
        int unlogged;
        synchronized (this) {
            unlogged = roll(now);
        }
        report(unlogged);
    }

    void flush() {
        flush(System.nanoTime());
    }

    /** Starts a new window when the current one is over; returns the count skipped in the old one. */
    private int roll(long now) {
        if (now - windowStart < SECOND) {
            return 0;
        }
        int unlogged = skipped;
        windowStart = now;
        logged = 0;
        skipped = 0;
        return unlogged;
    }

    private void report(int unlogged) {
        if (unlogged > 0) {
            write(() -> log.info("{} more PXE request(s) in the last second, not logged one by one (requests.log.per.second = {}"
                    + " in etc/org.karafpxe.dhcp.cfg); pxe:requests shows the latest", unlogged, perSecond));
        }
    }

    private void write(Runnable line) {
        try {
            writer.execute(line);
        } catch (RuntimeException e) {
            // Closed: the server is stopping, and the line is of no use any more.
        }
    }
}
