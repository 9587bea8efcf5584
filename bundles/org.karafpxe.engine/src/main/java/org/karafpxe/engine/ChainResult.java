package org.karafpxe.engine;

import java.util.List;
import java.util.stream.Collectors;
import org.karafpxe.api.Decision;

/**
 * The chain's decision for one request and how it came about.
 *
 * @param decision     the final decision: a provider's SERVICE or IGNORE, or IGNORE by the chain
 * @param steps        each provider asked, in order
 * @param elapsedNanos time from the start of the chain to its decision
 */
public record ChainResult(Decision decision, List<TraceStep> steps, long elapsedNanos) {

    /**
     * Who decided, when the chain answered a machine it had just sent to its next boot device
     * without asking the providers: its firmware's later network boot option gets an answer that
     * fails at once.
     *
     * @since 1.5
     */
    public static final String FALL_THROUGH = "fall-through";

    public ChainResult {
        steps = List.copyOf(steps);
    }

    /** The provider whose answer became the decision, or "chain" when none did. */
    public String decidedBy() {
        if (!steps.isEmpty()) {
            TraceStep last = steps.get(steps.size() - 1);
            if (last.outcome() == StepOutcome.SERVICE || last.outcome() == StepOutcome.IGNORE) {
                return last.provider();
            }
        }
        return "chain";
    }

    /** One line for logs: the decision, its reason, and every step with its time. */
    public String describe() {
        String kind = decision instanceof Decision.Service ? "SERVICE"
                : decision instanceof Decision.Ignore ? "IGNORE" : "PASS";
        return kind + " by " + decidedBy() + " (" + decision.reason() + ") in " + Millis.of(elapsedNanos) + " ms ["
                + steps.stream().map(TraceStep::describe).collect(Collectors.joining(", ")) + "]";
    }
}
