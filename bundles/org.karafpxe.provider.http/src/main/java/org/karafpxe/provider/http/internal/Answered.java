package org.karafpxe.provider.http.internal;

/** How the service answered a call. */
enum Answered {
    /** action "service": a boot program, a referral or abort. */
    SERVICE("service"),
    /** action "ignore": the client gets no answer from this server. */
    IGNORE("ignore"),
    /** action "pass": the next provider decides. */
    PASS("pass"),
    /** HTTP 204: no opinion, as pass. */
    NO_CONTENT("204"),
    /** HTTP 404: the client is unknown to the service, as pass. */
    NOT_FOUND("404");

    private final String label;

    Answered(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
