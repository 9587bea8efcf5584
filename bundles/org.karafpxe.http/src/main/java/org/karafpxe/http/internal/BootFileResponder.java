package org.karafpxe.http.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.karafpxe.api.BootFile;
import org.karafpxe.api.BootFileName;
import org.karafpxe.api.BootFileSource;
import org.karafpxe.http.HttpBootFiles;
import org.karafpxe.http.HttpFetch;
import org.karafpxe.support.RecentRing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one request under the servlet's path, without any servlet container, so that every
 * answer can be tested on its own.
 *
 * <ul>
 *   <li>GET and HEAD of a file: the boot file sources are asked in ranking order, as by the TFTP
 *       server, and the first that has the file serves it, streamed in {@value #CHUNK} byte chunks.
 *       A single byte range is served as 206; several ranges, or a malformed header, get the whole
 *       file (200); a range past the end gets 416. HEAD opens the file for its size but never reads
 *       it, and ignores Range (RFC 9110 defines ranges for GET only).</li>
 *   <li>GET or POST of {@value TaskCompletion#PREFIX}/&lt;device id&gt;/&lt;secret&gt;: the completion
 *       callback ({@link TaskCompletion}); no file under {@value TaskCompletion#PREFIX}/ is served.</li>
 * </ul>
 *
 * Every request is logged at DEBUG on {@value #REQUESTS_LOGGER}.
 */
final class BootFileResponder {
    static final String REQUESTS_LOGGER = "org.karafpxe.http.requests";
    static final int CHUNK = 64 * 1024;

    static final String GET = "GET";
    static final String HEAD = "HEAD";
    static final String POST = "POST";

    static final String OCTETS = "application/octet-stream";
    static final String TEXT = "text/plain; charset=utf-8";
    static final String SCRIPT_SUFFIX = ".ipxe";

    private static final Logger LOG = LoggerFactory.getLogger(BootFileResponder.class);
    private static final Logger REQUESTS = LoggerFactory.getLogger(REQUESTS_LOGGER);

    private final Supplier<List<BootFileSource>> sources;
    private final TaskCompletion completion;
    private final HttpCounters counters;
    private final RecentRing<HttpFetch> recent = new RecentRing<>(HttpBootFiles.RECENT_KEPT);

    BootFileResponder(Supplier<List<BootFileSource>> sources, TaskCompletion completion, HttpCounters counters) {
        this.sources = sources;
        this.completion = completion;
        this.counters = counters;
    }

    /**
     * @param method   GET, HEAD or POST (anything else gets 405)
     * @param pathInfo the decoded path below the servlet's path, with its leading {@code /}; null for none
     * @param range    the Range header, or null (also when an If-Range header makes it void)
     * @param client   the client's address, passed on to the sources
     * @throws IOException when a boot file could not be read after the answer had begun: the
     *                     container is to drop the connection, so that the client sees a cut
     *                     transfer rather than a complete one. A client that goes away is not an error.
     */
    void respond(String method, String pathInfo, String range, InetSocketAddress client, Reply reply)
            throws IOException {
        long started = System.nanoTime();
        Recording recording = new Recording(reply);
        try {
            answer(method, pathInfo, range, client, recording);
        } finally {
            recent.add(new HttpFetch(Instant.now(), host(client), printable(method, 16), recording.path,
                    recording.kind, recording.status, recording.bytes, System.nanoTime() - started));
        }
    }

    /** The requests answered last, newest first. */
    List<HttpFetch> recentFetches(int limit) {
        return recent.newest(limit);
    }

    private void answer(String method, String pathInfo, String range, InetSocketAddress client, Recording reply)
            throws IOException {
        counters.requests.increment();
        reply.path = printable(pathInfo == null ? "" : pathInfo.startsWith("/") ? pathInfo.substring(1) : pathInfo,
                200);
        boolean head = HEAD.equals(method);
        BootFileName checked = BootPath.check(pathInfo);
        if (checked instanceof BootFileName.Refused refused) {
            int status = BootPath.status(refused);
            (refused.notFound() ? counters.notFound : counters.refused).increment();
            REQUESTS.debug("{} {} from {}: {} {}", method, printable(pathInfo), address(client), status,
                    refused.message());
            text(reply, head, status, refused.message(), false);
            return;
        }
        BootFileName.Valid name = (BootFileName.Valid) checked;
        List<String> components = name.components();
        if (components.get(0).equals(TaskCompletion.PREFIX)) {
            // The path holds the task's secret: kept without it.
            reply.kind = HttpFetch.Kind.CALLBACK;
            reply.path = TaskCompletion.PREFIX + (components.size() > 1 ? "/" + printable(components.get(1), 20) : "");
            callback(method, components, client, reply);
            return;
        }
        reply.kind = name.path().toLowerCase(Locale.ROOT).endsWith(SCRIPT_SUFFIX) ? HttpFetch.Kind.SCRIPT
                : HttpFetch.Kind.FILE;
        if (!GET.equals(method) && !HEAD.equals(method)) {
            counters.refused.increment();
            REQUESTS.debug("{} {} from {}: 405", method, name.path(), address(client));
            reply.header("Allow", "GET, HEAD");
            text(reply, false, 405, "files are read with GET or HEAD", false);
            return;
        }
        serve(head, name.path(), range, client, reply);
    }

    private void callback(String method, List<String> components, InetSocketAddress client, Reply reply)
            throws IOException {
        if (!GET.equals(method) && !POST.equals(method)) {
            // HEAD must not change anything. The path holds a secret: it is not logged.
            counters.refused.increment();
            REQUESTS.debug("{} {}/... from {}: 405", method, TaskCompletion.PREFIX, address(client));
            reply.header("Allow", "GET, POST");
            text(reply, HEAD.equals(method), 405, "the completion callback is called with GET or POST", true);
            return;
        }
        if (components.size() != 3) {
            counters.notFound.increment();
            REQUESTS.debug("{} {}/... from {}: 404", method, TaskCompletion.PREFIX, address(client));
            text(reply, false, 404, TaskCompletion.USAGE, true);
            return;
        }
        TaskCompletion.Outcome outcome = completion.complete(components.get(1), components.get(2), client);
        text(reply, false, outcome.status(), outcome.message(), true);
    }

    // ------------------------------------------------------------------------------------ files

    private sealed interface Lookup permits Found, Missing {
    }

    private record Found(BootFile file, BootFileSource source) implements Lookup {
    }

    private record Missing(int status, String message) implements Lookup {
    }

    /** Like the TFTP server: the first source with the file wins; a refusal ends the search; a failing source is skipped. */
    private Lookup open(String path, InetSocketAddress client) {
        String failure = null;
        for (BootFileSource source : sources.get()) {
            try {
                Optional<BootFile> file = source.open(path, client);
                if (file != null && file.isPresent()) {
                    return new Found(file.get(), source);
                }
            } catch (SecurityException e) {
                String message = e.getMessage();
                return new Missing(403, message == null || message.isBlank() ? "Access violation" : message);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Boot file source {} failed to open '{}' for {}: {}", source, path, address(client), e.toString());
                failure = e.toString();
            }
        }
        return failure == null ? new Missing(404, "File not found") : new Missing(500, failure);
    }

    private void serve(boolean head, String path, String range, InetSocketAddress client, Reply reply)
            throws IOException {
        String method = head ? HEAD : GET;
        Lookup lookup = open(path, client);
        if (lookup instanceof Missing missing) {
            switch (missing.status()) {
                case 404 -> counters.notFound.increment();
                case 403 -> counters.refused.increment();
                default -> counters.failed.increment();
            }
            REQUESTS.debug("{} {} from {}: {} {}", method, path, address(client), missing.status(), missing.message());
            // The reasons of a refusal or failure are for the log, not the client.
            String text = switch (missing.status()) {
                case 404 -> "File not found";
                case 403 -> "Access violation";
                default -> "The boot file could not be opened";
            };
            text(reply, head, missing.status(), text, false);
            return;
        }
        Found found = (Found) lookup;
        BootFile file = found.file();
        try {
            send(head, path, range, client, file, found.source(), reply);
        } finally {
            try {
                file.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Boot file {} from {} could not be closed: {}", path, found.source(), e.toString());
            }
        }
    }

    private void send(boolean head, String path, String range, InetSocketAddress client, BootFile file,
            BootFileSource source, Reply reply) throws IOException {
        String method = head ? HEAD : GET;
        long size = file.size();
        boolean script = path.toLowerCase(Locale.ROOT).endsWith(SCRIPT_SUFFIX);
        if (script) {
            // Generated for one client, and a one-shot task is taken as its body is sent: never to be kept.
            reply.header("Cache-Control", "no-store");
        }
        String type = script ? TEXT : OCTETS;
        ByteRange wanted = ByteRange.WHOLE;
        if (size >= 0) {
            reply.header("Accept-Ranges", "bytes");
            if (!head) {
                wanted = ByteRange.parse(range, size);
            }
        }
        if (wanted instanceof ByteRange.Unsatisfiable) {
            counters.unsatisfiable.increment();
            REQUESTS.debug("{} {} from {}: 416, {} of {} bytes", method, path, address(client), printable(range), size);
            reply.header("Content-Range", ByteRange.Unsatisfiable.contentRange(size));
            text(reply, false, 416, "Range not satisfiable", false);
            return;
        }
        long first = 0;
        long length = size;
        int status = 200;
        reply.contentType(type);
        if (wanted instanceof ByteRange.Part part) {
            status = 206;
            first = part.first();
            length = part.length();
            reply.header("Content-Range", part.contentRange(size));
        }
        reply.status(status);
        if (length >= 0) {
            reply.contentLength(length);
        }
        if (head) {
            counters.served.increment();
            REQUESTS.debug("{} {} from {}: {}, {} bytes from {}", method, path, address(client), status, size, source);
            return;
        }
        try {
            // The body starts: a source takes now what a HEAD, or a size probe, must not take.
            file.delivering();
        } catch (RuntimeException e) {
            LOG.warn("{} {} from {}: its source failed as the body began: {}", method, path, address(client),
                    e.toString());
        }
        long sent = stream(path, client, file, first, length, reply);
        if (sent < 0) {
            return;
        }
        counters.served.increment();
        if (status == 206) {
            counters.partial.increment();
            REQUESTS.debug("{} {} from {}: 206, bytes {}-{}/{} from {}", method, path, address(client), first,
                    first + sent - 1, size, source);
        } else {
            REQUESTS.debug("{} {} from {}: 200, {} bytes from {}", method, path, address(client), sent, source);
        }
    }

    /** Thrown by {@link #stream} for a read that failed, as opposed to a write the client did not take. */
    private static final class ReadFailure extends IOException {
        private static final long serialVersionUID = 1L;

        ReadFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Sends {@code length} bytes from {@code first} ({@code length} -1: to the end of a file of unknown
     * size), a chunk at a time.
     *
     * @return the bytes sent, or -1 when the client went away or the file ended early
     */
    private long stream(String path, InetSocketAddress client, BootFile file, long first, long length, Reply reply)
            throws IOException {
        long sent = 0;
        try {
            OutputStream out = reply.body();
            boolean bounded = length >= 0;
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK, bounded ? Math.max(length, 1) : CHUNK));
            while (!bounded || sent < length) {
                buffer.clear();
                if (bounded) {
                    buffer.limit((int) Math.min(buffer.capacity(), length - sent));
                }
                int n = read(file, buffer, first + sent, path);
                if (n <= 0) {
                    if (bounded) {
                        // The answer announced more than there is: the container cuts the connection.
                        counters.failed.increment();
                        LOG.warn("Boot file {} ended after {} of {} bytes sent to {}", path, sent, length,
                                address(client));
                        return -1;
                    }
                    break;
                }
                out.write(buffer.array(), 0, n);
                sent += n;
                counters.bytesSent.add(n);
            }
            return sent;
        } catch (ReadFailure e) {
            counters.failed.increment();
            LOG.warn("Boot file {} failed after {} bytes sent to {}: {}", path, sent, address(client),
                    e.getCause().toString());
            throw e;
        } catch (IOException e) {
            // The client closed the connection (a firmware that read the size and gave up, a reset).
            counters.abortedByClient.increment();
            REQUESTS.debug("{} {} from {}: the client left after {} bytes ({})", GET, path, address(client), sent,
                    e.toString());
            return -1;
        }
    }

    private static int read(BootFile file, ByteBuffer buffer, long position, String path) throws ReadFailure {
        try {
            return file.read(buffer, position);
        } catch (IOException | RuntimeException e) {
            throw new ReadFailure("reading " + path + " at " + position + " failed", e);
        }
    }

    /** A short text answer; {@code noStore} for answers that must not be cached (the callback's). */
    private void text(Reply reply, boolean head, int status, String message, boolean noStore) {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        reply.status(status);
        reply.contentType(TEXT);
        if (noStore) {
            reply.header("Cache-Control", "no-store");
        }
        reply.contentLength(body.length);
        if (head) {
            return;
        }
        try {
            reply.body().write(body);
        } catch (IOException e) {
            counters.abortedByClient.increment();
            REQUESTS.debug("The client left before its {} answer: {}", status, e.toString());
        }
    }

    /** The client's address alone, as {@link HttpFetch} keeps it. */
    private static String host(InetSocketAddress client) {
        if (client == null) {
            return "unknown";
        }
        return client.getAddress() != null ? client.getAddress().getHostAddress() : printable(client.getHostString(), 64);
    }

    private static String printable(String s, int max) {
        String p = printable(s);
        return p.length() > max ? p.substring(0, max) : p;
    }

    /** The reply as it goes out: its status and body bytes, and what the request was, for {@link HttpFetch}. */
    private static final class Recording implements Reply {
        private final Reply reply;
        int status = 200;
        long bytes;
        String path = "";
        HttpFetch.Kind kind = HttpFetch.Kind.REFUSED;

        Recording(Reply reply) {
            this.reply = reply;
        }

        @Override
        public void status(int code) {
            status = code;
            reply.status(code);
        }

        @Override
        public void header(String name, String value) {
            reply.header(name, value);
        }

        @Override
        public void contentType(String type) {
            reply.contentType(type);
        }

        @Override
        public void contentLength(long length) {
            reply.contentLength(length);
        }

        @Override
        public OutputStream body() throws IOException {
            OutputStream out = reply.body();
            return new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    bytes += len;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    bytes++;
                }
            };
        }
    }

    /** The client as the logs show it: address and port. */
    static String address(InetSocketAddress client) {
        return client == null ? "an unknown client" : host(client) + ":" + client.getPort();
    }

    /** A requested name fit for a log line: control characters escaped, and cut after 300 characters. */
    static String printable(String s) {
        return BootFileName.printable(s);
    }
}
