package org.karafpxe.provider.http.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.karafpxe.provider.http.internal.HttpDelegateProvider.Config;
import org.karafpxe.support.CheckedConfig;

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

    /** From a configuration as Config Admin holds it (every value a String), for tests. */
    static HttpSettings from(Map<String, ?> properties) {
        return from(CheckedConfig.of(Config.class, null, properties));
    }

    static HttpSettings from(CheckedConfig<Config> checked) {
        Config c = checked.config();
        Optional<URI> url = url(checked.text(Config::url), checked);
        Optional<Header> header = header(checked.text(Config::auth_header), checked);
        OnError onError = OnError.PASS;
        String wanted = checked.text(Config::on_error);
        if (wanted != null) {
            if (wanted.equalsIgnoreCase(OnError.IGNORE.key())) {
                onError = OnError.IGNORE;
            } else if (!wanted.equalsIgnoreCase(OnError.PASS.key())) {
                checked.problem(checked.key(Config::on_error) + " = '" + wanted + "' is not pass (the next provider "
                        + "decides) or ignore (the client gets no answer from this server); using pass");
            }
        }
        return new HttpSettings(c.service_ranking(), url, c.timeout_ms(), c.cache_ttl_s(), c.cache_max(), header,
                onError, checked.problems());
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

    private static Optional<URI> url(String text, CheckedConfig<Config> values) {
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
            values.problem(values.key(Config::url) + " = '" + text + "' is not a URL (" + e.getReason() + "): " + allowed);
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            values.problem(values.key(Config::url) + " = '" + text + "' is not an http:// or https:// URL: " + allowed);
            return Optional.empty();
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            values.problem(values.key(Config::url) + " = '" + text + "' has no host name or address: " + allowed);
            return Optional.empty();
        }
        if (uri.getRawUserInfo() != null) {
            // Not shown: the user part holds a password. The JDK client would not send it anyway.
            values.problem(values.key(Config::url) + " has a user name or password in it, which is not sent: put credentials in "
                     + values.key(Config::auth_header) + " (Authorization: Basic ...); the provider stays out of the chain");
            return Optional.empty();
        }
        if (uri.getRawFragment() != null) {
            values.problem(values.key(Config::url) + " = '" + text + "' has a #fragment, which is never sent: " + allowed);
            return Optional.empty();
        }
        return Optional.of(uri);
    }

    private static Optional<Header> header(String text, CheckedConfig<Config> values) {
        if (text == null) {
            return Optional.empty();
        }
        // The value is never repeated in a message: it is a secret.
        int colon = text.indexOf(':');
        String name = colon < 0 ? "" : text.substring(0, colon).trim();
        String value = colon < 0 ? "" : text.substring(colon + 1).trim();
        if (!HEADER_NAME.matcher(name).matches() || value.isEmpty()) {
            values.problem(values.key(Config::auth_header) + " is not 'Name: value' (for example 'Authorization: Bearer <token>'); "
                    + "no header is sent");
            return Optional.empty();
        }
        if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            values.problem(values.key(Config::auth_header) + " names " + name + ", which the HTTP client sets itself: use a header "
                    + "such as Authorization or X-Api-Key; no header is sent");
            return Optional.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                values.problem(values.key(Config::auth_header) + " (" + name + ") has a control character in its value; no header is sent");
                return Optional.empty();
            }
        }
        return Optional.of(new Header(name, value));
    }
}
