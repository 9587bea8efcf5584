package org.karafpxe.http.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;
import org.karafpxe.api.BootFile;
import org.karafpxe.api.BootFileSource;
import org.karafpxe.http.HttpBootFiles;
import org.karafpxe.http.HttpFetch;

/** Every answer to a file request, without a servlet container. */
public class BootFileResponderTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.15", 40123);
    private static final byte[] KPXE = Sources.pattern(1000);
    private static final byte[] SCRIPT = "#!ipxe\nexit 1\n".getBytes(StandardCharsets.UTF_8);

    private final HttpCounters counters = new HttpCounters();
    private final Sources.Memory files = new Sources.Memory("files", Map.of(
            "undionly.kpxe", KPXE,
            "empty.bin", new byte[0],
            "boot/x86/wdsnbp.com", KPXE,
            "ipxe/device-17.ipxe", SCRIPT,
            "ipxe/UPPER.IPXE", SCRIPT));

    private BootFileResponder responder(BootFileSource... sources) {
        List<BootFileSource> list = List.of(sources);
        return new BootFileResponder(() -> list, new TaskCompletion(() -> null, counters), counters);
    }

    private RecordingReply get(String path, String range) throws IOException {
        return request(responder(files), "GET", path, range);
    }

    private static RecordingReply request(BootFileResponder responder, String method, String path, String range)
            throws IOException {
        RecordingReply reply = new RecordingReply();
        responder.respond(method, path, range, CLIENT, reply);
        return reply;
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return Arrays.copyOfRange(b, from, to);
    }

    // ------------------------------------------------------------------------------ whole files

    @Test
    public void aFileIsServedWhole() throws IOException {
        RecordingReply r = get("/undionly.kpxe", null);
        assertEquals(200, r.status);
        assertArrayEquals(KPXE, r.bytes());
        assertEquals(1000, r.contentLength);
        assertEquals("application/octet-stream", r.contentType);
        assertEquals("bytes", r.header("Accept-Ranges"));
        assertNull(r.header("Cache-Control"));
        assertNull(r.header("Content-Range"));
        assertEquals("the source sees the normalised name", List.of("undionly.kpxe"), files.asked);
        assertEquals("and the client", CLIENT, files.clients.get(0));
        assertEquals("the file is closed", 1, files.closed.get());
    }

    @Test
    public void eachAnswerIsKeptForTheOperatorsViewWithoutACallbacksSecret() throws IOException {
        BootFileResponder responder = responder(files);
        request(responder, "GET", "/ipxe/device-17.ipxe", null);
        request(responder, "GET", "/undionly.kpxe", "bytes=0-99");
        request(responder, "GET", "/done/17/abcdefghijklmnopqrstuvwxyz", null);
        request(responder, "GET", "/../etc/passwd", null);
        request(responder, "HEAD", "/missing.efi", null);
        List<HttpFetch> kept = responder.recentFetches(10);
        assertEquals(5, kept.size());
        HttpFetch script = kept.get(4);
        assertEquals("192.0.2.15", script.client());
        assertEquals("ipxe/device-17.ipxe", script.path());
        assertEquals(HttpFetch.Kind.SCRIPT, script.kind());
        assertEquals(200, script.status());
        assertEquals(SCRIPT.length, script.bytes());
        HttpFetch part = kept.get(3);
        assertEquals(HttpFetch.Kind.FILE, part.kind());
        assertEquals(206, part.status());
        assertEquals(100, part.bytes());
        HttpFetch callback = kept.get(2);
        assertEquals(HttpFetch.Kind.CALLBACK, callback.kind());
        assertEquals("done/17", callback.path());
        assertEquals(503, callback.status());
        assertEquals(HttpFetch.Kind.REFUSED, kept.get(1).kind());
        assertEquals("HEAD", kept.get(0).method());
        assertEquals(404, kept.get(0).status());
        assertEquals(0, kept.get(0).bytes());
        assertEquals(List.of(kept.get(0)), responder.recentFetches(1));
    }

    @Test
    public void theKeptAnswersAreBoundedAndTheirTextCut() throws IOException {
        BootFileResponder responder = responder(files);
        String longName = "/" + "a".repeat(5000) + ".efi";
        for (int i = 0; i < HttpBootFiles.RECENT_KEPT + 10; i++) {
            request(responder, "GET", longName, null);
        }
        request(responder, "\u0001GET-WITH-A-VERY-LONG-METHOD-NAME", "/undionly.kpxe", null);
        List<HttpFetch> kept = responder.recentFetches(Integer.MAX_VALUE);
        assertEquals(HttpBootFiles.RECENT_KEPT, kept.size());
        assertTrue(kept.get(0).method(), kept.get(0).method().length() <= 16);
        assertTrue(kept.get(1).path().length() <= 200);
    }

    @Test
    public void anEmptyFileIsServed() throws IOException {
        RecordingReply r = get("/empty.bin", null);
        assertEquals(200, r.status);
        assertEquals(0, r.contentLength);
        assertEquals(0, r.bytes().length);
    }

    @Test
    public void backslashesSeparateNamesAsOverTftp() throws IOException {
        RecordingReply r = get("/boot\\x86\\wdsnbp.com", null);
        assertEquals(200, r.status);
        assertEquals(List.of("boot/x86/wdsnbp.com"), files.asked);
    }

    @Test
    public void aLargeFileIsStreamedInChunks() throws IOException {
        byte[] big = Sources.pattern(5 * BootFileResponder.CHUNK + 123);
        List<Integer> reads = new ArrayList<>();
        BootFileSource source = (path, client) -> {
            BootFile inner = BootFile.of(big);
            return Optional.of(new BootFile() {
                @Override
                public long size() {
                    return inner.size();
                }

                @Override
                public int read(ByteBuffer dst, long position) throws IOException {
                    reads.add(dst.remaining());
                    return inner.read(dst, position);
                }
            });
        };
        RecordingReply r = request(responder(source), "GET", "/big.img", null);
        assertEquals(200, r.status);
        assertArrayEquals(big, r.bytes());
        assertEquals(6, reads.size());
        assertTrue(reads.toString(), reads.stream().allMatch(n -> n <= BootFileResponder.CHUNK));
        assertEquals(big.length, counters.bytesSent.sum());
    }

    // ----------------------------------------------------------------------------------- ranges

    @Test
    public void aFirstLastRangeIsServedAs206() throws IOException {
        RecordingReply r = get("/undionly.kpxe", "bytes=100-199");
        assertEquals(206, r.status);
        assertEquals("bytes 100-199/1000", r.header("Content-Range"));
        assertEquals(100, r.contentLength);
        assertArrayEquals(slice(KPXE, 100, 200), r.bytes());
        assertEquals("application/octet-stream", r.contentType);
        assertEquals(1, counters.partial.sum());
    }

    @Test
    public void anOpenEndedRangeRunsToTheEnd() throws IOException {
        RecordingReply r = get("/undionly.kpxe", "bytes=900-");
        assertEquals(206, r.status);
        assertEquals("bytes 900-999/1000", r.header("Content-Range"));
        assertEquals(100, r.contentLength);
        assertArrayEquals(slice(KPXE, 900, 1000), r.bytes());
    }

    @Test
    public void aSuffixRangeIsTheLastBytes() throws IOException {
        RecordingReply r = get("/undionly.kpxe", "bytes=-10");
        assertEquals(206, r.status);
        assertEquals("bytes 990-999/1000", r.header("Content-Range"));
        assertArrayEquals(slice(KPXE, 990, 1000), r.bytes());

        r = get("/undionly.kpxe", "bytes=-5000");
        assertEquals(206, r.status);
        assertEquals("bytes 0-999/1000", r.header("Content-Range"));
        assertArrayEquals(KPXE, r.bytes());
    }

    @Test
    public void aRangePastTheEndIsCut() throws IOException {
        RecordingReply r = get("/undionly.kpxe", "bytes=995-2000");
        assertEquals(206, r.status);
        assertEquals("bytes 995-999/1000", r.header("Content-Range"));
        assertEquals(5, r.contentLength);
    }

    @Test
    public void anUnsatisfiableRangeIs416() throws IOException {
        for (String range : new String[] {"bytes=1000-", "bytes=5000-6000", "bytes=-0"}) {
            RecordingReply r = get("/undionly.kpxe", range);
            assertEquals(range, 416, r.status);
            assertEquals(range, "bytes */1000", r.header("Content-Range"));
            assertEquals(range, BootFileResponder.TEXT, r.contentType);
        }
        RecordingReply r = get("/empty.bin", "bytes=0-");
        assertEquals(416, r.status);
        assertEquals("bytes */0", r.header("Content-Range"));
        assertEquals(4, counters.unsatisfiable.sum());
        assertEquals("every file was closed", 4, files.closed.get());
    }

    @Test
    public void malformedAndMultipleRangesGetTheWholeFile() throws IOException {
        for (String range : new String[] {"bytes=0-1,5-6", "bytes=abc", "items=0-1", "bytes=5-3", "bytes=", "0-10"}) {
            RecordingReply r = get("/undionly.kpxe", range);
            assertEquals(range, 200, r.status);
            assertNull(range, r.header("Content-Range"));
            assertEquals(range, 1000, r.contentLength);
            assertArrayEquals(range, KPXE, r.bytes());
        }
    }

    @Test
    public void aFileOfUnknownSizeIsServedWholeWithoutLength() throws IOException {
        byte[] content = Sources.pattern(3 * BootFileResponder.CHUNK + 7);
        RecordingReply r = request(responder(Sources.unknownSize(content)), "GET", "/generated", "bytes=0-9");
        assertEquals(200, r.status);
        assertEquals(-1, r.contentLength);
        assertNull(r.header("Accept-Ranges"));
        assertNull(r.header("Content-Range"));
        assertArrayEquals(content, r.bytes());
    }

    // ------------------------------------------------------------------------------------- HEAD

    @Test
    public void headSendsTheHeadersAndNeverReads() throws IOException {
        Sources.Unreadable source = new Sources.Unreadable(123_456_789L);
        RecordingReply r = request(responder(source), "HEAD", "/ubuntu.iso", null);
        assertEquals(200, r.status);
        assertEquals(123_456_789L, r.contentLength);
        assertEquals("bytes", r.header("Accept-Ranges"));
        assertEquals("application/octet-stream", r.contentType);
        assertFalse("no body on HEAD", r.bodyAsked);
        assertEquals("closed", 1, source.closed.get());
        assertEquals(1, counters.served.sum());
        assertEquals(0, counters.bytesSent.sum());
    }

    @Test
    public void headIgnoresRange() throws IOException {
        Sources.Unreadable source = new Sources.Unreadable(1000);
        RecordingReply r = request(responder(source), "HEAD", "/x.bin", "bytes=0-9");
        assertEquals(200, r.status);
        assertEquals(1000, r.contentLength);
        assertNull(r.header("Content-Range"));
        assertFalse(r.bodyAsked);
    }

    @Test
    public void headOfAMissingFileIs404WithoutBody() throws IOException {
        RecordingReply r = request(responder(files), "HEAD", "/missing", null);
        assertEquals(404, r.status);
        assertFalse(r.bodyAsked);
    }

    // ---------------------------------------------------------------------------------- scripts

    @Test
    public void ipxeScriptsAreTextAndNeverCached() throws IOException {
        for (String path : new String[] {"/ipxe/device-17.ipxe", "/ipxe/UPPER.IPXE"}) {
            RecordingReply r = get(path, null);
            assertEquals(path, 200, r.status);
            assertEquals(path, "text/plain; charset=utf-8", r.contentType);
            assertEquals(path, "no-store", r.header("Cache-Control"));
            assertEquals(path, "bytes", r.header("Accept-Ranges"));
            assertEquals(path, SCRIPT.length, r.contentLength);
            assertEquals(path, "#!ipxe\nexit 1\n", r.text());
        }
    }

    @Test
    public void aSourceIsToldItsContentWentOutOnGetNeverOnHead() throws IOException {
        List<String> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
        BootFileSource source = (path, client) -> Optional.of(BootFile.of(SCRIPT).whenDelivering(
                () -> delivered.add(path)));
        BootFileResponder responder = responder(source);
        assertEquals(200, request(responder, "HEAD", "/ipxe/s/x.ipxe", null).status);
        assertEquals("HEAD takes nothing", List.of(), delivered);
        assertEquals(200, request(responder, "GET", "/ipxe/s/x.ipxe", null).status);
        assertEquals(List.of("ipxe/s/x.ipxe"), delivered);
    }

    // ------------------------------------------------------------------------------- confinement

    @Test
    public void escapesAreRefusedBeforeAnySourceIsAsked() throws IOException {
        for (String path : new String[] {"/../etc/passwd", "/ipxe/../../etc/passwd", "/..\\..\\windows",
                "/C:\\Windows\\win.ini", "/c:boot.ini", "/\\\\server\\share\\x", "/a\u0000b", "/a\rb",
                "/" + "y".repeat(256)}) {
            RecordingReply r = get(path, null);
            assertEquals(BootFileResponder.printable(path), 403, r.status);
            assertEquals(BootFileResponder.TEXT, r.contentType);
        }
        assertEquals("no source was asked", List.of(), files.asked);
        assertEquals(9, counters.refused.sum());
    }

    @Test
    public void emptyNamesAreNotFound() throws IOException {
        for (String path : new String[] {null, "", "/", "//", "/./"}) {
            assertEquals(String.valueOf(path), 404, get(path, null).status);
        }
        assertEquals(List.of(), files.asked);
        assertEquals(5, counters.notFound.sum());
    }

    @Test
    public void aMissingFileIs404() throws IOException {
        RecordingReply r = get("/missing.efi", null);
        assertEquals(404, r.status);
        assertEquals("File not found\n", r.text());
        assertEquals(1, counters.notFound.sum());
    }

    // ---------------------------------------------------------------------------------- sources

    @Test
    public void theFirstSourceWithTheFileServesIt() throws IOException {
        Sources.Memory high = new Sources.Memory("high", Map.of("a.bin", new byte[] {1}));
        Sources.Memory low = new Sources.Memory("low", Map.of("a.bin", new byte[] {2}, "b.bin", new byte[] {3}));
        BootFileResponder responder = responder(high, low);
        assertArrayEquals(new byte[] {1}, request(responder, "GET", "/a.bin", null).bytes());
        assertEquals("the lower source is not asked", List.of(), low.asked);
        assertArrayEquals(new byte[] {3}, request(responder, "GET", "/b.bin", null).bytes());
    }

    @Test
    public void aRefusingSourceEndsTheSearchWith403() throws IOException {
        BootFileResponder responder = responder(Sources.refusing("outside the root"), files);
        RecordingReply r = request(responder, "GET", "/undionly.kpxe", null);
        assertEquals(403, r.status);
        assertEquals("the source's reason is for the log only", "Access violation\n", r.text());
        assertEquals(List.of(), files.asked);
        assertEquals(1, counters.refused.sum());
    }

    @Test
    public void aFailingSourceIsSkipped() throws IOException {
        RecordingReply r = request(responder(Sources.broken(), files), "GET", "/undionly.kpxe", null);
        assertEquals(200, r.status);
        assertArrayEquals(KPXE, r.bytes());
    }

    @Test
    public void onlyFailingSourcesGive500() throws IOException {
        RecordingReply r = request(responder(Sources.broken()), "GET", "/undionly.kpxe", null);
        assertEquals(500, r.status);
        assertEquals(1, counters.failed.sum());
    }

    @Test
    public void noSourceAtAllIs404() throws IOException {
        assertEquals(404, request(responder(), "GET", "/undionly.kpxe", null).status);
    }

    // ---------------------------------------------------------------------------------- failures

    @Test
    public void aClientThatLeavesIsNoError() throws IOException {
        byte[] big = Sources.pattern(4 * BootFileResponder.CHUNK);
        Sources.Memory source = new Sources.Memory("big", Map.of("big.img", big));
        RecordingReply r = new RecordingReply(BootFileResponder.CHUNK + 10);
        responder(source).respond("GET", "/big.img", null, CLIENT, r);
        assertEquals(200, r.status);
        assertEquals(BootFileResponder.CHUNK, r.bytes().length);
        assertEquals(1, counters.abortedByClient.sum());
        assertEquals(0, counters.served.sum());
        assertEquals(0, counters.failed.sum());
        assertEquals("closed", 1, source.closed.get());
    }

    @Test
    public void aReadFailureCutsTheAnswer() {
        BootFileSource failing = Sources.failingAt(3L * BootFileResponder.CHUNK, BootFileResponder.CHUNK + 5);
        RecordingReply r = new RecordingReply();
        try {
            responder(failing).respond("GET", "/disk.img", null, CLIENT, r);
            fail("a read failure must reach the container, which drops the connection");
        } catch (IOException e) {
            assertEquals(200, r.status);
            assertEquals(BootFileResponder.CHUNK + 5, r.bytes().length);
        }
        assertEquals(1, counters.failed.sum());
    }

    @Test
    public void aFileShorterThanItsSizeStopsWhereItEnds() throws IOException {
        byte[] content = Sources.pattern(500);
        BootFileSource shrunk = (path, client) -> {
            BootFile inner = BootFile.of(content);
            return Optional.of(new BootFile() {
                @Override
                public long size() {
                    return 1000;
                }

                @Override
                public int read(ByteBuffer dst, long position) throws IOException {
                    return inner.read(dst, position);
                }
            });
        };
        RecordingReply r = request(responder(shrunk), "GET", "/shrunk", null);
        assertEquals(1000, r.contentLength);
        assertEquals(500, r.bytes().length);
        assertEquals(1, counters.failed.sum());
        assertEquals(0, counters.served.sum());
    }

    @Test
    public void postOfAFileIs405() throws IOException {
        RecordingReply r = request(responder(files), "POST", "/undionly.kpxe", null);
        assertEquals(405, r.status);
        assertEquals("GET, HEAD", r.header("Allow"));
        assertEquals(List.of(), files.asked);
    }

    // --------------------------------------------------------------------------------- counters

    @Test
    public void requestsAreCounted() throws IOException {
        BootFileResponder responder = responder(files);
        request(responder, "GET", "/undionly.kpxe", null);
        request(responder, "GET", "/undionly.kpxe", "bytes=0-9");
        request(responder, "HEAD", "/undionly.kpxe", null);
        request(responder, "GET", "/missing", null);
        request(responder, "GET", "/../x", null);
        HttpCounters.Snapshot s = counters.snapshot();
        assertEquals(5, s.requests());
        assertEquals(3, s.served());
        assertEquals(1, s.partial());
        assertEquals(1010, s.bytesSent());
        assertEquals(1, s.notFound());
        assertEquals(1, s.refused());
    }

    @Test
    public void logLinesShowControlCharactersEscaped() {
        assertEquals("a\\u0000b\\u000a", BootFileResponder.printable("a\u0000b\n"));
        assertEquals("(none)", BootFileResponder.printable(null));
        assertTrue(BootFileResponder.printable("x".repeat(400)).endsWith("... (400 characters)"));
        assertEquals("192.0.2.15:40123", BootFileResponder.address(CLIENT));
    }
}
