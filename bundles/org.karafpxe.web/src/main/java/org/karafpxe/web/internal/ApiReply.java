package org.karafpxe.web.internal;

import java.nio.charset.StandardCharsets;
import org.karafpxe.support.Json;

/** What the API answers: a status, a content type, a body. */
record ApiReply(int status, String contentType, byte[] body) {
    static final String JSON = "application/json; charset=utf-8";

    static ApiReply json(int status, Object value) {
        return new ApiReply(status, JSON, Json.write(value).getBytes(StandardCharsets.UTF_8));
    }

    static ApiReply noContent() {
        return new ApiReply(204, JSON, new byte[0]);
    }

    static ApiReply error(int status, String message) {
        return json(status, Views.ordered("status", status, "error", message));
    }

    static ApiReply text(int status, String contentType, String body) {
        return new ApiReply(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }
}
