package org.karafpxe.engine;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.karafpxe.api.BootRequest;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The ordered chain of boot providers. The protocol bundles hand it each request; it never blocks
 * the caller's thread.
 */
@ProviderType
public interface BootChain {

    /**
     * Asks the providers in ranking order until one says SERVICE or IGNORE. Completes with IGNORE
     * when every provider passed, when there is none, or when the chain deadline ran out. The
     * stage never completes exceptionally.
     */
    CompletionStage<ChainResult> decide(BootRequest request);

    /** The providers in the order they are asked, with their counters. */
    List<ProviderStatus> providers();

    /**
     * The most recent requests decided, newest first, at most {@code limit} (the chain keeps the
     * last {@code history.size} of them). Dry runs are not kept.
     */
    List<RequestRecord> recent(int limit);

    /**
     * How long decisions have taken since the chain started, or since {@link #resetDecisionTimes};
     * dry runs are left out.
     */
    default DecisionTimes decisionTimes() {
        return DecisionTimes.NONE;
    }

    /** Starts {@link #decisionTimes} afresh, to measure a period of its own. */
    default void resetDecisionTimes() {
    }
}
