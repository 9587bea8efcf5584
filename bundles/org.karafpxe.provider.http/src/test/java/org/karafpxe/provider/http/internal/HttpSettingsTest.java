package org.karafpxe.provider.http.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

public class HttpSettingsTest {

    private static HttpSettings from(String... keyValues) {
        Map<String, Object> p = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put(keyValues[i], keyValues[i + 1]);
        }
        return HttpSettings.from(p);
    }

    private static String problems(HttpSettings s) {
        return String.join("\n", s.problems());
    }

    @Test
    public void defaults() {
        HttpSettings s = from("url", "http://127.0.0.1:8080/pxe");
        assertEquals(250, s.ranking());
        assertEquals(Optional.of(URI.create("http://127.0.0.1:8080/pxe")), s.url());
        assertEquals(200, s.timeoutMillis());
        assertEquals(30, s.cacheTtlSeconds());
        assertEquals(10_000, s.cacheMax());
        assertEquals(Optional.empty(), s.authHeader());
        assertEquals(HttpSettings.OnError.PASS, s.onError());
        assertEquals(List.of(), s.problems());
        assertTrue(s.usable());
    }

    @Test
    public void valuesAsAConfigurationFileGivesThem() {
        HttpSettings s = from("service.ranking", "260", "url", " https://pxe.example/decide?key=k ", "timeout.ms", "150",
                "cache.ttl.s", "0", "cache.max", "5", "auth.header", "Authorization: Bearer xyz", "on.error", "IGNORE");
        assertEquals(List.of(), s.problems());
        assertEquals(260, s.ranking());
        assertEquals(150, s.timeoutMillis());
        assertEquals(0, s.cacheTtlSeconds());
        assertEquals(5, s.cacheMax());
        assertEquals(new HttpSettings.Header("Authorization", "Bearer xyz"), s.authHeader().get());
        assertEquals(HttpSettings.OnError.IGNORE, s.onError());
        assertEquals("the query may hold a key", "https://pxe.example/decide?...", HttpSettings.shown(s.url().get()));
        assertFalse(s.authHeader().get().toString().contains("xyz"));
        Map<String, Object> typed = Map.of("url", "http://h/", "service.ranking", 7, "timeout.ms", 20);
        assertEquals(7, HttpSettings.from(typed).ranking());
        assertEquals(20, HttpSettings.from(typed).timeoutMillis());
    }

    @Test
    public void withoutUrlTheProviderIsNotUsableButThatIsNoMistake() {
        HttpSettings s = from("service.ranking", "250");
        assertFalse(s.usable());
        assertEquals(List.of(), s.problems());
    }

    @Test
    public void badUrlsAreRefusedWithWhatIsAllowed() {
        String allowed = "give the service's http:// or https:// URL, for example http://127.0.0.1:8080/pxe/decide; "
                + "the provider stays out of the chain";
        HttpSettings ftp = from("url", "ftp://h/x");
        assertFalse(ftp.usable());
        assertEquals("url = 'ftp://h/x' is not an http:// or https:// URL: " + allowed, problems(ftp));
        assertTrue(problems(from("url", "http://h/a b")), problems(from("url", "http://h/a b"))
                .startsWith("url = 'http://h/a b' is not a URL (Illegal character in path)"));
        assertEquals("url = 'localhost:8080' is not an http:// or https:// URL: " + allowed,
                problems(from("url", "localhost:8080")));
        assertEquals("url = 'http:///x' has no host name or address: " + allowed, problems(from("url", "http:///x")));
        assertEquals("url = 'http://h/x#top' has a #fragment, which is never sent: " + allowed,
                problems(from("url", "http://h/x#top")));
        String withPassword = problems(from("url", "http://pxe:secret@h/x"));
        assertEquals("url has a user name or password in it, which is not sent: put credentials in auth.header "
                + "(Authorization: Basic ...); the provider stays out of the chain", withPassword);
        assertFalse(withPassword.contains("secret"));
    }

    @Test
    public void badNumbersAreReportedAndReplacedByDefaults() {
        HttpSettings s = from("url", "http://h/", "service.ranking", "high", "timeout.ms", "5", "cache.ttl.s", "-1",
                "cache.max", "0");
        assertEquals(250, s.ranking());
        assertEquals(200, s.timeoutMillis());
        assertEquals(30, s.cacheTtlSeconds());
        assertEquals(10_000, s.cacheMax());
        assertEquals(List.of(
                "service.ranking = 'high' is not a whole number; using 250",
                "timeout.ms = '5' is not a whole number from 10 to 5000; using 200",
                "cache.ttl.s = '-1' is not a whole number from 0 to 3600; using 30",
                "cache.max = '0' is not a whole number from 1 to 1000000; using 10000"), s.problems());
        assertEquals("timeout.ms = 'soon' is not a whole number from 10 to 5000; using 200",
                problems(from("url", "http://h/", "timeout.ms", "soon")));
        assertEquals("timeout.ms = '5001' is not a whole number from 10 to 5000; using 200",
                problems(from("url", "http://h/", "timeout.ms", "5001")));
        assertTrue(s.usable());
    }

    @Test
    public void onErrorIsPassOrIgnore() {
        HttpSettings s = from("url", "http://h/", "on.error", "fail");
        assertEquals(HttpSettings.OnError.PASS, s.onError());
        assertEquals("on.error = 'fail' is not pass (the next provider decides) or ignore (the client gets no answer "
                + "from this server); using pass", problems(s));
    }

    @Test
    public void badHeadersAreRefusedWithoutShowingTheirValue() {
        String shape = "auth.header is not 'Name: value' (for example 'Authorization: Bearer <token>'); no header is sent";
        assertEquals(shape, problems(from("url", "http://h/", "auth.header", "Bearer secret1")));
        assertEquals(shape, problems(from("url", "http://h/", "auth.header", "Authorization:")));
        assertEquals(shape, problems(from("url", "http://h/", "auth.header", "Bad Name: secret2")));
        assertEquals("auth.header names Host, which the HTTP client sets itself: use a header such as Authorization "
                + "or X-Api-Key; no header is sent", problems(from("url", "http://h/", "auth.header", "Host: secret3")));
        assertEquals("auth.header (X-Key) has a control character in its value; no header is sent",
                problems(from("url", "http://h/", "auth.header", "X-Key: sec\u0000ret4")));
        HttpSettings ok = from("url", "http://h/", "auth.header", "X-Api-Key:k:with:colons");
        assertEquals(new HttpSettings.Header("X-Api-Key", "k:with:colons"), ok.authHeader().get());
        assertFalse(problems(from("url", "http://h/", "auth.header", "Host: secret3")).contains("secret"));
    }
}
