package org.karafpxe.web.internal;

/** A request the API refuses, with the HTTP status and the sentence the operator reads. */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    static ApiException unavailable(String what) {
        return new ApiException(503, what + " is not running: see bundle:list and log:display on the console");
    }
}
