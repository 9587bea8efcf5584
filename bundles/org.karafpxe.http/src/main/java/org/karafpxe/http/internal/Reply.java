package org.karafpxe.http.internal;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The response as the responder writes it: the servlet's response in the server, a recording in
 * tests. The status and headers are set before the body is asked for.
 */
interface Reply {

    void status(int code);

    void header(String name, String value);

    void contentType(String type);

    void contentLength(long length);

    /** The body; writing to it commits the status and headers. Never asked for on HEAD. */
    OutputStream body() throws IOException;
}
