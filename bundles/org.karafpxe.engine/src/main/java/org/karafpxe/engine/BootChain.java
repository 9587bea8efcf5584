package org.karafpxe.engine;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.karafpxe.api.BootRequest;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The ordered chain of boot providers. The protocol bundles hand it each request; it never blocks
 * the caller's thread. It may ask providers there that say they decide the request without
 * blocking ({@code decide.on.socket.thread}), so the stage may be complete when {@code decide}
 * returns, and its callbacks then run on the caller's thread.
 */
@ProviderType
public interface BootChain {

    /**
     * Asks the providers in ranking order until one says SERVICE or IGNORE. Completes with IGNORE
     * when every provider passed, when there is none, when the chain deadline ran out, or, without
     * asking any provider, when the server is {@link #outOfService() out of service}. The
     * stage never completes exceptionally.
     */
    CompletionStage<ChainResult> decide(BootRequest request);

    /**
     * Whether the server is out of service (answer policy {@code none}): every request is then
     * ignored before any provider is asked, whatever a provider would say.
     *
     * @since 1.4
     */
    default boolean outOfService() {
        return false;
    }

    /** The providers in the order they are asked, with their counters. */
    List<ProviderStatus> providers();

    /**
     * The most recent requests decided, newest first, at most {@code limit} (the chain keeps the
     * last {@code history.size} of them). Dry runs are not kept.
     */
    List<RequestRecord> recent(int limit);

    /**
     * How long decisions have taken, from the request's arrival to the decision less its wait for a
     * worker, since the chain started or since {@link #resetDecisionTimes}; dry runs are left out.
     */
    default DecisionTimes decisionTimes() {
        return DecisionTimes.NONE;
    }

    /**
     * How long the same requests waited for a worker before their providers were asked: all
     * workers busy, or the worker woken but not yet given a CPU. A request decided on the caller's
     * thread, or refused for want of a worker, waited 0.
     *
     * @since 1.3
     */
    default DecisionTimes waitTimes() {
        return DecisionTimes.NONE;
    }

    /**
     * How many requests were decided, by port, client, outcome and the provider that decided, since
     * the chain started (not reset by {@link #resetDecisionTimes}).
     *
     * @since 1.6
     */
    default List<RequestCount> requestCounts() {
        return List.of();
    }

    /**
     * The same times as {@link #decisionTimes}, in buckets, since the chain started (not reset by
     * {@link #resetDecisionTimes}).
     *
     * @since 1.6
     */
    default LatencyHistogram decisionHistogram() {
        return LatencyHistogram.EMPTY;
    }

    /**
     * How long each provider took to answer, by provider name, since the provider joined the chain.
     *
     * @since 1.6
     */
    default Map<String, LatencyHistogram> providerHistograms() {
        return Map.of();
    }

    /** Starts {@link #decisionTimes} afresh, to measure a period of its own. */
    default void resetDecisionTimes() {
    }
}
