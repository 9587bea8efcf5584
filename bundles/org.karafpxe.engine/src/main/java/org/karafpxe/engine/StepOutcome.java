package org.karafpxe.engine;

/** What one provider's turn in the chain came to. */
public enum StepOutcome {
    SERVICE,
    IGNORE,
    PASS,
    /** The provider threw or returned nothing: counted, and taken as PASS. */
    ERROR,
    /** The provider did not answer within its budget: taken as PASS. */
    TIMEOUT,
    /** No worker was free to ask the provider (all busy with slow providers): taken as PASS. */
    REJECTED
}
