package org.karafpxe.provider.http.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.karafpxe.support.ConfigValues;

/**
 * The provider's validated settings ({@code etc/org.karafpxe.provider.http.cfg}); a bad value is
 * reported with what is allowed and replaced by its default. {@code url} has no default: without
 * one (not set, or refused) the provider stays out of the chain.
 *
 * @param ranking         place in the provider chain
 * @param url             the service every request is POSTed to; empty: not set or not usable
 * @param timeoutMillis   longest one call may take, connecting included
 * @param cacheTtlSeconds how long an answer is reused for the same client; 0: never
 * @param cacheMax        most answers kept
 * @param authHeader      a header sent with every call, as configured
 * @param onError         what a failed call decides
 * @param problems        the values that were refused, for the log (never a header's value)
 */
record HttpSettings(int ranking, Optional<URI> url, int timeoutMillis, int cacheTtlSeconds, int cacheMax,
        Optional<Header> authHeader, OnError onError, List<String> problems) {

    static final String RANKING = "service.ranking";
    static final String URL = "url";
    static final String TIMEOUT = "timeout.ms";
    static final String CACHE_TTL = "cache.ttl.s";
    static final String CACHE_MAX = "cache.max";
    static final String AUTH_HEADER = "auth.header";
    static final String ON_ERROR = "on.error";

    static final int DEFAULT_RANKING = 250;
    static final int DEFAULT_TIMEOUT_MILLIS = 200;
    static final int MIN_TIMEOUT_MILLIS = 10;
    static final int MAX_TIMEOUT_MILLIS = 5000;
    static final int DEFAULT_CACHE_TTL_SECONDS = 30;
    static final int MAX_CACHE_TTL_SECONDS = 3600;
    static final int DEFAULT_CACHE_MAX = 10_000;
    static final int MAX_CACHE_MAX = 1_000_000;

    /** RFC 9110 token characters: what a header name may be made of. */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Headers the JDK client sets itself and refuses, and the one this provider sets. */
    private static final Set<String> RESERVED_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "upgrade", "content-type");

    /** What a call that fails decides. */
    enum OnError {
        PASS, IGNORE;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A request header: name and value. */
    record Header(String name, String value) {
        @Override
        public String toString() {
            return name + " (value not shown)";
        }
    }

    HttpSettings {
        problems = List.copyOf(problems);
    }

    static HttpSettings from(Map<String, ?> properties) {
        ConfigValues values = new ConfigValues(properties);
        int ranking = values.ranking(RANKING, DEFAULT_RANKING);
        Optional<URI> url = url(values.text(URL), values);
        int timeout = (int) values.number(TIMEOUT, DEFAULT_TIMEOUT_MILLIS, MIN_TIMEOUT_MILLIS, MAX_TIMEOUT_MILLIS,
                "a number of milliseconds from " + MIN_TIMEOUT_MILLIS + " to " + MAX_TIMEOUT_MILLIS);
        int ttl = (int) values.number(CACHE_TTL, DEFAULT_CACHE_TTL_SECONDS, 0, MAX_CACHE_TTL_SECONDS,
                "a number of seconds from 0 to " + MAX_CACHE_TTL_SECONDS + " (0: answers are not cached)");
        int max = (int) values.number(CACHE_MAX, DEFAULT_CACHE_MAX, 1, MAX_CACHE_MAX,
                "a number of answers from 1 to " + MAX_CACHE_MAX);
        Optional<Header> header = header(values.text(AUTH_HEADER), values);
        OnError onError = OnError.PASS;
        String wanted = values.text(ON_ERROR);
        if (wanted != null) {
            if (wanted.equalsIgnoreCase(OnError.IGNORE.key())) {
                onError = OnError.IGNORE;
            } else if (!wanted.equalsIgnoreCase(OnError.PASS.key())) {
                values.problem(ON_ERROR + " = '" + wanted + "' is not pass (the next provider decides) or ignore "
                        + "(the client gets no answer from this server); using pass");
            }
        }
        return new HttpSettings(ranking, url, timeout, ttl, max, header, onError, values.problems());
    }

    /** Whether the provider has a service to ask. */
    boolean usable() {
        return url.isPresent();
    }

    /** The URL for logs and reasons: scheme, host, port and path; a query (it may hold a key) is not shown. */
    static String shown(URI url) {
        String port = url.getPort() < 0 ? "" : ":" + url.getPort();
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return url.getScheme() + "://" + url.getHost() + port + path + (url.getRawQuery() == null ? "" : "?...");
    }

    private static Optional<URI> url(String text, ConfigValues values) {
        String allowed = "give the service's http:// or https:// URL, for example http://127.0.0.1:8080/pxe/decide; "
                + "the provider stays out of the chain";
        if (text == null) {
            // Not a mistake: the shipped file leaves it out until there is a service to ask.
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            values.problem(URL + " = '" + text + "' is not a URL (" + e.getReason() + "): " + allowed);
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            values.problem(URL + " = '" + text + "' is not an http:// or https:// URL: " + allowed);
            return Optional.empty();
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            values.problem(URL + " = '" + text + "' has no host name or address: " + allowed);
            return Optional.empty();
        }
        if (uri.getRawUserInfo() != null) {
            // Not shown: the user part holds a password. The JDK client would not send it anyway.
            values.problem(URL + " has a user name or password in it, which is not sent: put credentials in "
                    + AUTH_HEADER + " (Authorization: Basic ...); the provider stays out of the chain");
            return Optional.empty();
        }
        if (uri.getRawFragment() != null) {
            values.problem(URL + " = '" + text + "' has a #fragment, which is never sent: " + allowed);
            return Optional.empty();
        }
        return Optional.of(uri);
    }

    private static Optional<Header> header(String text, ConfigValues values) {
        if (text == null) {
            return Optional.empty();
        }
        // The value is never repeated in a message: it is a secret.
        int colon = text.indexOf(':');
        String name = colon < 0 ? "" : text.substring(0, colon).trim();
        String value = colon < 0 ? "" : text.substring(colon + 1).trim();
        if (!HEADER_NAME.matcher(name).matches() || value.isEmpty()) {
            values.problem(AUTH_HEADER + " is not 'Name: value' (for example 'Authorization: Bearer <token>'); "
                    + "no header is sent");
            return Optional.empty();
        }
        if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            values.problem(AUTH_HEADER + " names " + name + ", which the HTTP client sets itself: use a header "
                    + "such as Authorization or X-Api-Key; no header is sent");
            return Optional.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                values.problem(AUTH_HEADER + " (" + name + ") has a control character in its value; no header is sent");
                return Optional.empty();
            }
        }
        return Optional.of(new Header(name, value));
    }
}
