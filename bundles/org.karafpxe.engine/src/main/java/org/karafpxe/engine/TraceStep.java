package org.karafpxe.engine;

/**
 * One provider asked about one request.
 *
 * @param provider     the provider's name
 * @param ranking      its ranking when asked
 * @param outcome      what it said, or what went wrong
 * @param reason       its reason, or the error or timeout
 * @param elapsedNanos how long it took (for a timeout: the budget it was given)
 */
public record TraceStep(String provider, int ranking, StepOutcome outcome, String reason, long elapsedNanos) {

    public String describe() {
        return provider + " " + outcome + " " + Millis.of(elapsedNanos) + " ms";
    }
}
