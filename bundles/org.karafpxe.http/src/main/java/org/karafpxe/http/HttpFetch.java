package org.karafpxe.http;

import java.time.Instant;
import java.util.Objects;

/**
 * One request the HTTP boot-file server answered.
 *
 * @param ended  when the answer ended
 * @param client the client's address (an IP literal), as the server saw it
 * @param method GET, HEAD, POST or what the client sent (at most 16 characters)
 * @param path   the path below the server's path, printable and at most 200 characters; a completion
 *               callback is {@code done/<device id>}, never with its secret
 * @param kind   what was asked for
 * @param status the HTTP status answered
 * @param bytes  the body bytes sent
 * @param nanos  how long the answer took
 */
public record HttpFetch(Instant ended, String client, String method, String path, Kind kind, int status, long bytes,
        long nanos) {

    /** What a request asked for. */
    public enum Kind {
        /** An iPXE script ({@code .ipxe}). */
        SCRIPT,
        /** Any other boot file. */
        FILE,
        /** A task's completion callback. */
        CALLBACK,
        /** A path the server does not serve. */
        REFUSED
    }

    public HttpFetch {
        Objects.requireNonNull(ended, "ended");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
    }
}
