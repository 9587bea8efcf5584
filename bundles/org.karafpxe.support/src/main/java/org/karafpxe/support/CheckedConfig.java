package org.karafpxe.support;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A component's typed configuration (its {@code @ObjectClassDefinition}, as Declarative Services gives it
 * to {@code @Activate}), checked against what the same annotation declares: the type, the {@code min}
 * and {@code max}, the options. The annotation is the one source of each setting's name, default,
 * range and description; this class reads the latter from the metatype document bnd generates from it
 * ({@code OSGI-INF/metatype/<type>.xml}), which is also what {@code config:meta} shows.
 *
 * <p>A setting is checked when the component first reads it, so that two components sharing one
 * configuration each report what they read. A value that is refused never stops the component: it is
 * reported, with what is allowed, and its default is used ({@link #config()} then returns the default).
 * Read every setting before asking for {@link #problems()}. The raw properties are needed for that: Declarative Services reads a misspelt {@code true} as
 * {@code false}, and fails on a number it cannot read without saying which setting it was.
 *
 * <p>Values richer than the metatype's types (addresses, names of constants) are read with the
 * setting's accessor, for example {@code checked.address(Config::address)}: the key and the default
 * come from the annotation, never from a string repeated in the component.
 *
 * @param <C> the annotation type that declares the configuration
 */
public final class CheckedConfig<C> {

    /** One declared setting: what bnd wrote for it, and the accessor that declares it. */
    private record Setting(String key, Method method, Long min, Long max, List<String> options) { }

    private static final ClassValue<Map<String, Setting>> DECLARED = new ClassValue<>() {
        @Override
        protected Map<String, Setting> computeValue(Class<?> type) {
            return declared(type);
        }
    };

    private final Class<C> type;
    private final C typed;
    private final Map<String, ?> raw;
    private final Map<String, Setting> settings;
    private final Map<String, Object> values = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final C config;

    private CheckedConfig(Class<C> type, C typed, Map<String, ?> raw) {
        this.type = type;
        this.typed = typed;
        this.raw = raw == null ? Map.of() : raw;
        this.settings = DECLARED.get(type);
        this.config = type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> type;
                    case "toString" -> type.getSimpleName(); // values may be secrets
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> read(method.getName());
                }));
    }

    /** A setting's value, checked when first read: each component reports what it reads, once. */
    private synchronized Object read(String methodName) {
        return values.computeIfAbsent(methodName, name -> {
            for (Setting setting : settings.values()) {
                if (setting.method().getName().equals(name)) {
                    return check(setting, typed);
                }
            }
            throw new IllegalArgumentException(type.getName() + " declares no setting " + name);
        });
    }

    /**
     * Checks a component's configuration.
     *
     * @param type  the annotation type declaring it, generated into metatype by bnd
     * @param typed the values as Declarative Services read them, or null to read them from {@code raw}
     *              alone (a plain core's tests)
     * @param raw   the configuration as Config Admin holds it; null reads as empty
     */
    public static <C> CheckedConfig<C> of(Class<C> type, C typed, Map<String, ?> raw) {
        return new CheckedConfig<>(type, typed, raw);
    }

    /**
     * The typed configuration made from a configuration as Config Admin holds it, as Declarative Services
     * gives it to a component: for the tests of components and plain cores that run without it.
     */
    public static <C> C typed(Class<C> type, Map<String, ?> raw) {
        return of(type, null, raw).config();
    }

    /** The defaults, as declared. */
    public static <C> C defaults(Class<C> type) {
        return of(type, null, Map.of()).config();
    }

    /** The typed configuration: each refused or blank value replaced by its declared default. */
    public C config() {
        return config;
    }

    /** What was refused, in the order read: the settings read so far, and the component's own problems. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Adds a problem found by the component itself, such as two values that contradict each other. */
    public void problem(String text) {
        problems.add(text);
    }

    /**
     * The text of a setting the component reads itself (a path, say), trimmed; null when absent or blank,
     * so that the component can tell a declared default from a value written in the file.
     */
    public String text(Function<C, String> accessor) {
        return text(setting(accessor));
    }

    /** The key a setting is written under in the {@code .cfg} file, for the component's own messages. */
    public String key(Function<C, ?> accessor) {
        return setting(accessor).key();
    }

    /**
     * An IP address literal, IPv4 or IPv6, never a host name (see {@link IpLiterals}); a
     * declared default that is blank means no address: a refused value is then ignored, and null returned.
     */
    public InetAddress address(Function<C, String> accessor) {
        return literal(accessor, "an IP address such as 0.0.0.0, 192.0.2.10 or ::", IpLiterals::literal);
    }

    /** An IPv4 address literal, as {@link #address}. */
    public Inet4Address ipv4(Function<C, String> accessor) {
        return literal(accessor, "an IPv4 address such as 192.0.2.10", IpLiterals::ipv4Literal);
    }

    /** One of an enum's constants, named in any case. */
    public <E extends Enum<E>> E choice(Function<C, String> accessor, Class<E> constants) {
        Setting setting = setting(accessor);
        E fallback = Enum.valueOf(constants, defaultText(setting).toUpperCase(Locale.ROOT));
        String text = text(setting);
        if (text == null) {
            return fallback;
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : constants.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text)) {
                return constant;
            }
            allowed.add(constant.name().toLowerCase(Locale.ROOT));
        }
        refuse(setting, text, "one of " + String.join(", ", allowed), fallback.name().toLowerCase(Locale.ROOT));
        return fallback;
    }

    private <A extends InetAddress> A literal(Function<C, String> accessor, String allowed,
            Function<String, A> parse) {
        Setting setting = setting(accessor);
        String declared = defaultText(setting);
        A fallback = declared.isBlank() ? null : Objects.requireNonNull(parse.apply(declared),
                () -> type.getName() + "." + setting.method().getName() + " declares a default that is not "
                        + allowed);
        String text = text(setting);
        if (text == null) {
            return fallback;
        }
        A parsed = parse.apply(text);
        if (parsed != null) {
            return parsed;
        }
        if (fallback == null) {
            problems.add(setting.key() + " = '" + text + "' is not " + allowed + "; ignoring it");
        } else {
            refuse(setting, text, allowed, fallback.getHostAddress());
        }
        return fallback;
    }

    /** The setting an accessor reads, found by calling it on a proxy that notes which method it was. */
    private Setting setting(Function<C, ?> accessor) {
        AtomicReference<String> called = new AtomicReference<>();
        C probe = type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    called.set(method.getName());
                    return method.getDefaultValue();
                }));
        accessor.apply(probe);
        for (Setting setting : settings.values()) {
            if (setting.method().getName().equals(called.get())) {
                return setting;
            }
        }
        throw new IllegalArgumentException(type.getName() + " declares no setting read by " + called.get());
    }

    private Object check(Setting setting, C typed) {
        Object fallback = setting.method().getDefaultValue();
        if (setting.method().getReturnType().isArray()) {
            return raw.get(setting.key()) == null ? fallback : value(setting, typed);
        }
        String text = text(setting);
        if (text == null) {
            return fallback;
        }
        Class<?> returned = setting.method().getReturnType();
        if (returned == boolean.class) {
            String lower = text.toLowerCase(Locale.ROOT);
            if (lower.equals("true") || lower.equals("false")) {
                return Boolean.valueOf(lower);
            }
            problems.add(setting.key() + " = '" + text + "' is neither true nor false; using " + fallback);
            return fallback;
        }
        if (returned == int.class || returned == long.class) {
            long min = setting.min() != null ? setting.min() : returned == int.class ? Integer.MIN_VALUE : Long.MIN_VALUE;
            long max = setting.max() != null ? setting.max() : returned == int.class ? Integer.MAX_VALUE : Long.MAX_VALUE;
            try {
                long number = Long.parseLong(text);
                if (number >= min && number <= max) {
                    return returned == int.class ? (Object) (int) number : (Object) number;
                }
            } catch (NumberFormatException e) {
                // refused below, with what is allowed
            }
            refuse(setting, text, setting.min() == null && setting.max() == null ? "a whole number"
                    : "a whole number from " + min + " to " + max, String.valueOf(fallback));
            return fallback;
        }
        if (!setting.options().isEmpty()) {
            for (String option : setting.options()) {
                if (option.equalsIgnoreCase(text)) {
                    return option;
                }
            }
            refuse(setting, text, "one of " + String.join(", ", setting.options()), String.valueOf(fallback));
            return fallback;
        }
        return returned == String.class ? text : value(setting, typed);
    }

    /** What Declarative Services read, or the raw value where no typed values were given. */
    private Object value(Setting setting, C typed) {
        if (typed == null) {
            Object value = raw.get(setting.key());
            return setting.method().getReturnType().isInstance(value) ? value : setting.method().getDefaultValue();
        }
        try {
            return setting.method().invoke(typed);
        } catch (ReflectiveOperationException | RuntimeException e) {
            problems.add(setting.key() + " = '" + raw.get(setting.key()) + "' cannot be read; using its default");
            return setting.method().getDefaultValue();
        }
    }

    private String text(Setting setting) {
        Object value = raw.get(setting.key());
        if (value == null || value.getClass().isArray() || value.toString().isBlank()) {
            return null;
        }
        return value.toString().trim();
    }

    private static String defaultText(Setting setting) {
        return String.valueOf(setting.method().getDefaultValue());
    }

    private void refuse(Setting setting, String text, String allowed, String fallback) {
        problems.add(setting.key() + " = '" + text + "' is not " + allowed + "; using " + fallback);
    }

    /** The settings an annotation type declares, by key, from the metatype document bnd generated for it. */
    private static Map<String, Setting> declared(Class<?> type) {
        String resource = "OSGI-INF/metatype/" + type.getName() + ".xml";
        Map<String, Method> methods = new HashMap<>();
        for (Method method : type.getDeclaredMethods()) {
            // The annotation types are package-private in their components' packages.
            method.setAccessible(true);
            methods.put(method.getName(), method);
        }
        try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(type.getName() + " has no " + resource
                        + ": is it an @ObjectClassDefinition of a bundle built by bnd?");
            }
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            NodeList ads = factory.newDocumentBuilder().parse(in).getElementsByTagName("AD");
            Map<String, Setting> settings = new LinkedHashMap<>();
            for (int i = 0; i < ads.getLength(); i++) {
                Element ad = (Element) ads.item(i);
                String key = ad.getAttribute("id");
                Method method = methods.get(methodName(key, methods));
                if (method == null) {
                    throw new IllegalStateException(resource + " declares " + key + ", which "
                            + type.getName() + " does not");
                }
                List<String> options = new ArrayList<>();
                NodeList optionNodes = ad.getElementsByTagName("Option");
                for (int j = 0; j < optionNodes.getLength(); j++) {
                    options.add(((Element) optionNodes.item(j)).getAttribute("value"));
                }
                settings.put(key, new Setting(key, method, bound(ad, "min"), bound(ad, "max"), List.copyOf(options)));
            }
            return Collections.unmodifiableMap(settings);
        } catch (IOException | ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("Cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    /** The accessor whose name Declarative Services maps to {@code key} (OSGi Compendium 112.8.2.1). */
    private static String methodName(String key, Map<String, Method> methods) {
        for (String name : methods.keySet()) {
            if (keyOf(name).equals(key)) {
                return name;
            }
        }
        return null;
    }

    static String keyOf(String methodName) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < methodName.length(); i++) {
            char c = methodName.charAt(i);
            if (methodName.startsWith("$_$", i)) {
                key.append('-');
                i += 2;
            } else if (methodName.startsWith("$$", i)) {
                key.append('$');
                i++;
            } else if (c == '$') {
                continue;
            } else if (methodName.startsWith("__", i)) {
                key.append('_');
                i++;
            } else {
                key.append(c == '_' ? '.' : c);
            }
        }
        return key.toString();
    }

    private static Long bound(Element ad, String name) {
        String value = ad.getAttribute(name);
        return value.isBlank() ? null : Long.valueOf(value.trim());
    }
}
