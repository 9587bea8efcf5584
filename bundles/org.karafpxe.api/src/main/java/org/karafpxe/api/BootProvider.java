package org.karafpxe.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A response provider: registered as an OSGi service, it is asked about each PXE request in the
 * order of its {@code service.ranking} (highest first), until one says SERVICE or IGNORE.
 *
 * <p>Set the ranking in the provider's Config Admin file ({@code service.ranking = 200}); the
 * chain reads it whether it arrives as a number or as the string a {@code .cfg} file holds. A
 * provider may also publish {@value #NAME} to name itself in traces and listings; otherwise its
 * component name is used.
 *
 * <p>{@link #decide} runs on a worker thread within a time budget: a provider that has not answered
 * when its budget runs out counts as PASS for that request and the next provider is asked. A
 * provider that throws also counts as PASS, and the error is counted. A provider that can tell it
 * will answer a request without blocking says so in {@link #decidesWithoutBlocking}; the chain may
 * then ask it on the socket thread that received the request, which spares the hand-over to a
 * worker.
 */
@ConsumerType
public interface BootProvider {

    /** Service property naming the provider in traces and {@code pxe:providers}. */
    String NAME = "pxe.provider.name";

    Decision decide(BootRequest request) throws Exception;

    /**
     * Whether {@link #decide} will answer this request without blocking: no I/O, no waiting for
     * another thread, no lock held for longer than a few map operations. When every provider the
     * request meets says so, the chain decides it on the socket thread that received it, without
     * handing it to a worker, where under load it would wait for a core; the first provider that
     * says no gets the request on a worker, as every provider did before. So a provider whose
     * answer comes from memory for most clients (a cache, an index of known keys) says yes for
     * those and no for the rest.
     *
     * <p>Must itself answer at once, and never throw. When unsure, say no: a provider that blocks
     * on a socket thread stalls every request behind it (the time budget still applies, and the
     * request goes on without it on a worker). The default is false.
     *
     * @since 1.3
     */
    default boolean decidesWithoutBlocking(BootRequest request) {
        return false;
    }
}
