package org.karafpxe.tftp.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads typed values out of a configuration map the way an operator writes them in a {@code .cfg} file
 * (every value a String), collecting what was wrong instead of failing: a typo must never keep the TFTP
 * server from starting, so a bad value is reported with what is allowed and replaced by its default.
 */
final class ConfigValues {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Map<String, ?> properties;
    private final List<String> problems = new ArrayList<>();

    ConfigValues(Map<String, ?> properties) {
        this.properties = properties == null ? Map.of() : properties;
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    long number(String key, long fallback, long min, long max) {
        String raw = text(key);
        if (raw == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with what is allowed
        }
        problems.add(key + " = '" + raw + "' is not a whole number from " + min + " to " + max + "; using " + fallback);
        return fallback;
    }

    boolean flag(String key, boolean fallback) {
        String raw = text(key);
        if (raw == null) {
            return fallback;
        }
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                problems.add(key + " = '" + raw + "' is neither true nor false; using " + fallback);
                yield fallback;
            }
        };
    }

    /**
     * An IP address literal. Host names are refused: resolving one could block activation on DNS, and a
     * server should not change the address it listens on when a DNS record changes.
     */
    InetAddress address(String key, InetAddress fallback) {
        String raw = text(key);
        if (raw == null) {
            return fallback;
        }
        InetAddress parsed = literal(raw);
        if (parsed == null) {
            problems.add(key + " = '" + raw + "' is not an IP address such as 0.0.0.0, 192.0.2.10 or ::; using "
                    + fallback.getHostAddress());
            return fallback;
        }
        return parsed;
    }

    <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
        String raw = text(key);
        if (raw == null) {
            return fallback;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(raw)) {
                return constant;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            allowed.add(constant.name().toLowerCase(Locale.ROOT));
        }
        problems.add(key + " = '" + raw + "' is not one of " + String.join(", ", allowed) + "; using "
                + fallback.name().toLowerCase(Locale.ROOT));
        return fallback;
    }

    /** The trimmed value, or null when absent or blank. */
    String text(String key) {
        Object raw = properties.get(key);
        if (raw == null || raw.toString().isBlank()) {
            return null;
        }
        return raw.toString().trim();
    }

    static InetAddress literal(String text) {
        boolean v4 = IPV4.matcher(text).matches();
        if (!v4 && text.indexOf(':') < 0) {
            return null;
        }
        if (v4) {
            for (String part : text.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        }
        try {
            // Only literals reach this point, so no name lookup happens.
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
