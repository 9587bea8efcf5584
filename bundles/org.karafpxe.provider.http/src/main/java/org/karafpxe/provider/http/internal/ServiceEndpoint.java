package org.karafpxe.provider.http.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One configuration's service: its URL, the one HTTP client every call shares, and the answer
 * cache. A new configuration gets a new endpoint; the old one is closed.
 *
 * <p>A call never takes longer than {@code timeout.ms}: the client's connect timeout, the
 * request's timeout and the wait for the response are all bounded by it, and a call still
 * running then is cancelled. The caller's thread (a worker of the provider chain) waits; the
 * client's own work runs on two threads of this endpoint, not on the common pool.
 */
final class ServiceEndpoint {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final HttpSettings settings;
    private final URI url;
    private final ThreadPoolExecutor executor;
    private final HttpClient client;
    private final AnswerCache cache;
    private final BoundedBody body = new BoundedBody(BoundedBody.LIMIT);

    ServiceEndpoint(HttpSettings settings) {
        this.settings = settings;
        this.url = settings.url().orElseThrow(() -> new IllegalArgumentException("no url"));
        // The client only hands work over here (it never blocks in it), so two threads are plenty;
        // the queue is unbounded because the JDK 17 client does not survive a refused task.
        this.executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemonThreads());
        executor.allowCoreThreadTimeOut(true);
        this.client = HttpClient.newBuilder()
                .executor(executor)
                .connectTimeout(Duration.ofMillis(settings.timeoutMillis()))
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.cache = new AnswerCache(TimeUnit.SECONDS.toNanos(settings.cacheTtlSeconds()), settings.cacheMax());
    }

    HttpSettings settings() {
        return settings;
    }

    AnswerCache cache() {
        return cache;
    }

    /** The URL for logs: its query, which may hold a key, is not shown. */
    String shownUrl() {
        return HttpSettings.shown(url);
    }

    /** POSTs one request's JSON and reads the answer, within {@code timeout.ms}. */
    ServiceAnswer.Result call(String json) {
        long timeout = settings.timeoutMillis();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofMillis(timeout))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        settings.authHeader().ifPresent(h -> request.header(h.name(), h.value()));
        CompletableFuture<HttpResponse<byte[]>> exchange;
        try {
            exchange = client.sendAsync(request.build(), body);
        } catch (RuntimeException e) {
            return new ServiceAnswer.Failure(CallError.OTHER, "the request could not be sent: " + e);
        }
        try {
            HttpResponse<byte[]> response = exchange.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            return ServiceAnswer.read(response.statusCode(), response.body());
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return new ServiceAnswer.Failure(CallError.TIMEOUT, "no answer within " + timeout + " ms");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return new ServiceAnswer.Failure(CallError.INTERRUPTED,
                    "interrupted while waiting (the chain's budget for this provider ran out first)");
        } catch (ExecutionException e) {
            return failure(e.getCause() == null ? e : e.getCause());
        }
    }

    private ServiceAnswer.Failure failure(Throwable cause) {
        long timeout = settings.timeoutMillis();
        String where = url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof BoundedBody.TooLargeException) {
                return new ServiceAnswer.Failure(CallError.MALFORMED, t.getMessage());
            }
            if (t instanceof HttpConnectTimeoutException) {
                return new ServiceAnswer.Failure(CallError.TIMEOUT, "no connection to " + where + " within " + timeout
                        + " ms");
            }
            if (t instanceof HttpTimeoutException) {
                return new ServiceAnswer.Failure(CallError.TIMEOUT, "no answer within " + timeout + " ms");
            }
            if (t instanceof ConnectException) {
                return new ServiceAnswer.Failure(CallError.CONNECTION, "cannot connect to " + where + " ("
                        + message(cause) + ")");
            }
        }
        // Resets, TLS handshakes that fail (the message names the certificate problem), and so on.
        if (cause instanceof IOException) {
            return new ServiceAnswer.Failure(CallError.CONNECTION, "the exchange with " + where + " failed ("
                    + message(cause) + ")");
        }
        return new ServiceAnswer.Failure(CallError.OTHER, "the call failed (" + cause + ")");
    }

    /** The first message in a chain of causes (the JDK client often wraps one without a message). */
    private static String message(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return ServiceAnswer.shown(t.getMessage(), 160);
            }
        }
        return error.getClass().getSimpleName();
    }

    /** Lets the client's threads end; calls still running fail or time out. */
    void close() {
        executor.shutdown();
    }

    private static ThreadFactory daemonThreads() {
        return runnable -> {
            Thread t = new Thread(runnable, "pxe-http-provider-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
