package org.karafpxe.api.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.karafpxe.api.ServiceRanking;

/**
 * Reads typed values out of a Config Admin map the way an operator writes them in a {@code .cfg} file
 * (every value a String), collecting what was wrong instead of failing: a typo must never keep a
 * component from starting, so a bad value is reported with what is allowed and replaced by its
 * default. A key that is absent or blank takes its default without a word.
 *
 * <p>Each refusal reads {@code key = 'value' is not <what is allowed>; using <default>}. A component
 * logs {@link #problems()} when it is activated or modified.
 *
 * @deprecated The server's own plumbing, not part of the provider SPI: kept unchanged so that
 *             providers built against earlier releases resolve; it goes in the next major release.
 */
@Deprecated(since = "1.7", forRemoval = true)
public final class ConfigValues {

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    /** What an IPv6 literal is made of: hex digits and colons, maybe a dotted IPv4 tail and a zone. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*(%[0-9A-Za-z_.-]+)?");

    private final Map<String, ?> properties;
    private final List<String> problems = new ArrayList<>();

    /** @param properties the configuration; null reads as empty */
    public ConfigValues(Map<String, ?> properties) {
        this.properties = properties == null ? Map.of() : properties;
    }

    /** What was refused so far, in the order read. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Adds a problem found by the component itself, such as two values that contradict each other. */
    public void problem(String text) {
        problems.add(text);
    }

    /** The trimmed value, or null when absent or blank. */
    public String text(String key) {
        Object raw = properties.get(key);
        if (raw == null || raw.toString().isBlank()) {
            return null;
        }
        return raw.toString().trim();
    }

    /** A whole number from {@code min} to {@code max}. */
    public long number(String key, long fallback, long min, long max) {
        return number(key, fallback, min, max, "a whole number from " + min + " to " + max);
    }

    /**
     * A whole number from {@code min} to {@code max}, refused with the component's own words for what is
     * allowed ({@code allowed}, e.g. "a number of seconds from 0 to 3600 (0: never)").
     */
    public long number(String key, long fallback, long min, long max, String allowed) {
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
            // refused below, with what is allowed
        }
        refuse(key, raw, allowed, String.valueOf(fallback));
        return fallback;
    }

    /** {@code true} or {@code false}, in any case. */
    public boolean flag(String key, boolean fallback) {
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
     * An IP address literal, IPv4 or IPv6. Host names are refused: resolving one could block activation
     * on DNS, and a server should not change the address it listens on when a DNS record changes.
     */
    public InetAddress address(String key, InetAddress fallback) {
        String raw = text(key);
        if (raw == null) {
            return fallback;
        }
        InetAddress parsed = literal(raw);
        if (parsed == null) {
            refuse(key, raw, "an IP address such as 0.0.0.0, 192.0.2.10 or ::", fallback.getHostAddress());
            return fallback;
        }
        return parsed;
    }

    /**
     * An IPv4 address literal (host names are refused, as by {@link #address}).
     *
     * @param fallback the default; null when the key has none, and a refused value is then ignored
     */
    public Inet4Address ipv4(String key, Inet4Address fallback) {
        String raw = text(key);
        if (raw == null) {
            return fallback;
        }
        Inet4Address v4 = ipv4Literal(raw);
        if (v4 != null) {
            return v4;
        }
        String allowed = "an IPv4 address such as 192.0.2.10";
        if (fallback == null) {
            problems.add(key + " = '" + raw + "' is not " + allowed + "; ignoring it");
        } else {
            refuse(key, raw, allowed, fallback.getHostAddress());
        }
        return fallback;
    }

    /** One of an enum's constants, named in any case. */
    public <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
        String raw = text(key);
        if (raw == null) {
            return fallback;
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(raw)) {
                return constant;
            }
            allowed.add(constant.name().toLowerCase(Locale.ROOT));
        }
        refuse(key, raw, "one of " + String.join(", ", allowed), fallback.name().toLowerCase(Locale.ROOT));
        return fallback;
    }

    /** A {@code service.ranking} as {@link ServiceRanking} reads it: any whole number in int range. */
    public int ranking(String key, int fallback) {
        String raw = text(key);
        if (raw == null) {
            return fallback;
        }
        Integer parsed = ServiceRanking.parse(raw);
        if (parsed == null) {
            refuse(key, raw, "a whole number", String.valueOf(fallback));
            return fallback;
        }
        return parsed;
    }

    /** An IPv4 or IPv6 literal, or null for anything else; never a name lookup. */
    public static InetAddress literal(String text) {
        Inet4Address v4 = ipv4Literal(text);
        if (v4 != null || !IPV6.matcher(text).matches()) {
            return v4;
        }
        try {
            // Hex digits and colons only: the JDK parses them as an IPv6 literal and never looks them up.
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An IPv4 literal in dotted-quad form, such as 192.0.2.10, or null for anything else. */
    public static Inet4Address ipv4Literal(String text) {
        if (!IPV4.matcher(text).matches()) {
            return null;
        }
        String[] parts = text.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = Integer.parseInt(parts[i]);
            if (octet > 255) {
                return null;
            }
            bytes[i] = (byte) octet;
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an address", e);
        }
    }

    private void refuse(String key, String raw, String allowed, String fallback) {
        problems.add(key + " = '" + raw + "' is not " + allowed + "; using " + fallback);
    }
}
