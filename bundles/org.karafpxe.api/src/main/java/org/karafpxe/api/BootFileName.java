package org.karafpxe.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A requested boot file name checked without touching any disk, by the rules every file server
 * (TFTP, HTTP) applies before it asks the {@link BootFileSource}s: either the normalised name the
 * sources receive, or a refusal.
 *
 * <p>Both {@code /} and {@code \} separate components (WDS clients ask for
 * {@code \boot\x86\wdsnbp.com}); leading separators, empty and {@code .} components are dropped.
 * {@code ..}, drive letters, UNC prefixes, control characters and over-long names are refused
 * outright rather than normalised: no boot loader needs them, and refusing is simpler to reason
 * about than proving a normalised name stays inside a root.
 */
public sealed interface BootFileName permits BootFileName.Valid, BootFileName.Refused {

    /** The longest name accepted, the TFTP server's limit, so a name served over one server is over the other. */
    int MAX_LENGTH = 255;

    /**
     * A name as a client sent it, made safe for a log line: control characters written as
     * {@code \u0000}-style escapes (a line break cannot forge a log line) and at most 300 characters.
     *
     * @since 1.4
     */
    static String printable(String requested) {
        if (requested == null) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder();
        int end = Math.min(requested.length(), 300);
        for (int i = 0; i < end; i++) {
            char c = requested.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (requested.length() > end) {
            b.append("... (").append(requested.length()).append(" characters)");
        }
        return b.toString();
    }

    /** Components in request order, none empty, {@code .} or {@code ..}. */
    record Valid(List<String> components) implements BootFileName {
        public Valid {
            components = List.copyOf(components);
            if (components.isEmpty()) {
                throw new IllegalArgumentException("a name has at least one component");
            }
        }

        /** The name with {@code /} separators and no leading separator, as a {@link BootFileSource} receives it. */
        public String path() {
            return String.join("/", components);
        }
    }

    /**
     * @param notFound true for a name that names nothing (empty); false for one that tries to leave
     *                 the boot files (an access violation)
     * @param message  a fixed text, safe to send to the client
     */
    record Refused(boolean notFound, String message) implements BootFileName {
        public Refused {
            Objects.requireNonNull(message, "message");
        }
    }

    /** Checks and normalises a requested name; names longer than {@code maxLength} are refused. */
    static BootFileName check(String requested, int maxLength) {
        if (requested == null || requested.isEmpty()) {
            return new Refused(true, "Empty file name");
        }
        if (requested.length() > maxLength) {
            return new Refused(false, "File name too long");
        }
        for (int i = 0; i < requested.length(); i++) {
            char c = requested.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return new Refused(false, "Control character in file name");
            }
        }
        if (requested.startsWith("\\\\")) {
            return new Refused(false, "UNC paths are not allowed");
        }
        List<String> components = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= requested.length(); i++) {
            if (i < requested.length() && requested.charAt(i) != '/' && requested.charAt(i) != '\\') {
                continue;
            }
            String component = requested.substring(start, i);
            start = i + 1;
            if (component.isEmpty() || component.equals(".")) {
                continue;
            }
            if (component.equals("..")) {
                return new Refused(false, "Parent directory references are not allowed");
            }
            if (component.length() >= 2 && component.charAt(1) == ':' && isAsciiLetter(component.charAt(0))) {
                return new Refused(false, "Drive letters are not allowed");
            }
            components.add(component);
        }
        if (components.isEmpty()) {
            return new Refused(true, "No file name");
        }
        return new Valid(components);
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
