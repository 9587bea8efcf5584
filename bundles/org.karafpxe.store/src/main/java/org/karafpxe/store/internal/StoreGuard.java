package org.karafpxe.store.internal;

import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the policy store usable while its database comes and goes, so that neither a database
 * down at start nor one that stops answering takes the server down with it:
 *
 * <ul>
 *   <li>a store that cannot open at start is opened again in the background, every
 *       {@value #REOPEN_SECONDS} s, until it opens; meanwhile every call fails at once, saying why;</li>
 *   <li>a call that fails on the database (a {@link StorageException}: unreachable, timed out)
 *       marks the store away for {@value #COOL_DOWN_MILLIS} ms, during which calls fail at once
 *       rather than each waiting out the database's timeouts on a provider's worker; after it,
 *       one call at a time tries the database again, and the first that succeeds ends it.</li>
 * </ul>
 *
 * While the store is away, providers that read it fail, and the chain takes them as passing:
 * clients get no answer from this server (the log says so once), and boot their next device.
 */
final class StoreGuard {
    private static final Logger LOG = LoggerFactory.getLogger(StoreGuard.class);
    static final long REOPEN_SECONDS = 5;
    static final long COOL_DOWN_MILLIS = 3_000;

    /** A call on the open store. */
    interface Call<T> {
        T on(PolicyStore store) throws IOException;
    }

    private final Supplier<PolicyStore> opener;
    private final ScheduledExecutorService background;
    private final LongSupplier millis;
    private volatile PolicyStore store;
    /** Why the store is not open, or null once it is. */
    private volatile String notOpen = "not opened yet";
    /** Whether an attempt to open it failed: logged once, and its end logged too. */
    private volatile boolean failedToOpen;
    private volatile String away;
    private volatile long awayUntil;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean stopped;

    StoreGuard(Supplier<PolicyStore> opener, ScheduledExecutorService background, LongSupplier millis) {
        this.opener = opener;
        this.background = background;
        this.millis = millis;
    }

    /** Opens the store now, or keeps trying in the background. */
    void open() {
        if (stopped) {
            return;
        }
        try {
            store = opener.get();
            notOpen = null;
            if (failedToOpen) {
                LOG.info("The policy store is open now; devices and tasks are served again");
            }
        } catch (RuntimeException e) {
            notOpen = e.getMessage();
            if (!failedToOpen) {
                failedToOpen = true;
                LOG.error("The policy store cannot open: {}. Check url, user and password in "
                        + "etc/org.ops4j.datasource-pxe.cfg, that the database is running and reachable from this "
                        + "host, and (for H2) that no other process has the database file open. Trying again every "
                        + "{} s; until then PXE clients get no answer", e.getMessage(), REOPEN_SECONDS);
            }
            background.schedule(this::open, REOPEN_SECONDS, TimeUnit.SECONDS);
        }
    }

    void stop() {
        stopped = true;
    }

    /** The open store, when it is open. */
    PolicyStore current() {
        return store;
    }

    <T> T call(Call<T> call) throws IOException {
        PolicyStore s = store;
        if (s == null) {
            throw new StorageException("the policy store is not open (" + notOpen + "); trying again every "
                    + REOPEN_SECONDS + " s", null);
        }
        String why = away;
        if (why == null) {
            return attempt(s, call);
        }
        if (millis.getAsLong() - awayUntil < 0 || !probing.compareAndSet(false, true)) {
            throw new StorageException("the policy store's database is away (" + why + "); trying again shortly",
                    null);
        }
        try {
            return attempt(s, call);
        } finally {
            probing.set(false);
        }
    }

    /** {@link #call} for calls that throw no IOException. */
    <T> T get(Call<T> call) {
        try {
            return call(call);
        } catch (IOException e) {
            throw new StorageException(e.getMessage(), null);
        }
    }

    private <T> T attempt(PolicyStore s, Call<T> call) throws IOException {
        T result;
        try {
            result = call.on(s);
        } catch (StorageException e) {
            if (away == null) {
                LOG.warn("The policy store's database failed: {}. Calls fail at once for {} ms at a time until it "
                        + "answers again; meanwhile PXE clients get no answer", e.getMessage(), COOL_DOWN_MILLIS);
            }
            away = e.getMessage();
            awayUntil = millis.getAsLong() + COOL_DOWN_MILLIS;
            throw e;
        }
        if (away != null) {
            away = null;
            LOG.info("The policy store's database answers again");
        }
        return result;
    }
}
