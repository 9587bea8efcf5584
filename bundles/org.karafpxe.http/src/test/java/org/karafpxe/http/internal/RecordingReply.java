package org.karafpxe.http.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** An answer as a test sees it; optionally a client that goes away after some bytes. */
final class RecordingReply implements Reply {
    int status = -1;
    String contentType;
    long contentLength = -1;
    final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    boolean bodyAsked;
    private final long leaveAfter;

    RecordingReply() {
        this(Long.MAX_VALUE);
    }

    /** A client that closes the connection once it has {@code leaveAfter} bytes. */
    RecordingReply(long leaveAfter) {
        this.leaveAfter = leaveAfter;
    }

    @Override
    public void status(int code) {
        status = code;
    }

    @Override
    public void header(String name, String value) {
        headers.put(name, value);
    }

    @Override
    public void contentType(String type) {
        contentType = type;
    }

    @Override
    public void contentLength(long length) {
        contentLength = length;
    }

    @Override
    public OutputStream body() {
        bodyAsked = true;
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (body.size() + (long) len > leaveAfter) {
                    throw new IOException("Broken pipe");
                }
                body.write(b, off, len);
            }
        };
    }

    byte[] bytes() {
        return body.toByteArray();
    }

    String text() {
        return body.toString(StandardCharsets.UTF_8);
    }

    String header(String name) {
        return headers.get(name);
    }
}
