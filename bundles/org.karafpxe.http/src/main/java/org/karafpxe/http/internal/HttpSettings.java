package org.karafpxe.http.internal;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.karafpxe.support.ConfigValues;

/**
 * The servlet's validated settings ({@code etc/org.karafpxe.http.cfg}); a bad value is reported
 * with what is allowed and replaced by its default.
 *
 * @param path     where the files are served: {@code /boot} serves {@code /boot/<file>}
 * @param problems the values that were refused
 */
record HttpSettings(String path, List<String> problems) {
    static final String PID = "org.karafpxe.http";
    static final String PATH = "path";
    static final String DEFAULT_PATH = "/boot";

    // One or more components of URL-safe characters, none of them . or ..
    private static final Pattern VALID_PATH = Pattern.compile("(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+");

    HttpSettings {
        problems = List.copyOf(problems);
    }

    static HttpSettings from(Map<String, ?> properties) {
        ConfigValues values = new ConfigValues(properties);
        String path = DEFAULT_PATH;
        String raw = values.text(PATH);
        if (raw != null) {
            String p = raw;
            while (p.length() > 1 && p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            if (VALID_PATH.matcher(p).matches()) {
                path = p;
            } else {
                values.problem(PATH + " = '" + raw + "' is not a URL path such as " + DEFAULT_PATH
                        + " (a leading /, then letters, digits, '.', '_', '~', '-' and /); using " + DEFAULT_PATH);
            }
        }
        return new HttpSettings(path, values.problems());
    }

    /** The servlet's HTTP Whiteboard pattern. */
    String pattern() {
        return path + "/*";
    }
}
