package org.karafpxe.http.internal;

import java.io.IOException;
import java.io.OutputStream;
import javax.servlet.http.HttpServletResponse;

/** The responder's answer written to a servlet response. */
final class ServletReply implements Reply {
    private final HttpServletResponse response;

    ServletReply(HttpServletResponse response) {
        this.response = response;
    }

    @Override
    public void status(int code) {
        response.setStatus(code);
    }

    @Override
    public void header(String name, String value) {
        response.setHeader(name, value);
    }

    @Override
    public void contentType(String type) {
        response.setContentType(type);
    }

    @Override
    public void contentLength(long length) {
        response.setContentLengthLong(length);
    }

    @Override
    public OutputStream body() throws IOException {
        return response.getOutputStream();
    }
}
