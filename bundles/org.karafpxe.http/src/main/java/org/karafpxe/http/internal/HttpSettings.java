package org.karafpxe.http.internal;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.karafpxe.http.internal.BootFileServlet.Config;
import org.karafpxe.support.CheckedConfig;

/**
 * The servlet's validated settings ({@code etc/org.karafpxe.http.cfg}); a bad value is reported
 * with what is allowed and replaced by its default.
 *
 * @param path     where the files are served: {@code /boot} serves {@code /boot/<file>}
 * @param problems the values that were refused
 */
record HttpSettings(String path, List<String> problems) {
    static final String PID = "org.karafpxe.http";

    // One or more components of URL-safe characters, none of them . or ..
    private static final Pattern VALID_PATH = Pattern.compile("(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+");

    HttpSettings {
        problems = List.copyOf(problems);
    }

    /** From a configuration as Config Admin holds it (every value a String), for tests. */
    static HttpSettings from(Map<String, ?> properties) {
        return from(CheckedConfig.of(Config.class, null, properties));
    }

    static HttpSettings from(CheckedConfig<Config> checked) {
        String fallback = CheckedConfig.defaults(Config.class).path();
        String path = fallback;
        String raw = checked.text(Config::path);
        if (raw != null) {
            String p = raw;
            while (p.length() > 1 && p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            if (VALID_PATH.matcher(p).matches()) {
                path = p;
            } else {
                checked.problem(checked.key(Config::path) + " = '" + raw + "' is not a URL path such as " + fallback
                        + " (a leading /, then letters, digits, '.', '_', '~', '-' and /); using " + fallback);
            }
        }
        return new HttpSettings(path, checked.problems());
    }

    /** The servlet's HTTP Whiteboard pattern. */
    String pattern() {
        return path + "/*";
    }
}
