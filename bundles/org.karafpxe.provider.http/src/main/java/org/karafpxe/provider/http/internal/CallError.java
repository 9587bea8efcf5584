package org.karafpxe.provider.http.internal;

/** Why a call to the service gave no usable answer. */
enum CallError {
    /** No answer within timeout.ms (connecting included). */
    TIMEOUT("timeout"),
    /** The connection could not be made or broke (refused, reset, TLS). */
    CONNECTION("connection"),
    /** An HTTP status other than 200, 204 and 404. */
    STATUS("status"),
    /** A body that is not the JSON object expected, or too large. */
    MALFORMED("malformed"),
    /** An action other than service, ignore and pass. */
    UNKNOWN_ACTION("unknown action"),
    /** The calling thread was interrupted: the chain's own budget for this provider ran out first. */
    INTERRUPTED("interrupted"),
    /** Anything else. */
    OTHER("other");

    private final String label;

    CallError(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
