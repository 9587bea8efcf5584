package org.karafpxe.http.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A requested file name checked without touching any disk: either the normalised name the boot file
 * sources are asked for, or the status to answer with.
 *
 * <p>The rules are the TFTP server's ({@code TftpPathResolver.check} in the TFTP bundle, which keeps
 * them internal): both {@code /} and {@code \} separate components, leading separators, empty and
 * {@code .} components are dropped, and {@code ..}, drive letters, UNC prefixes, control characters
 * and names over {@value #MAX_LENGTH} characters are refused (403). An empty name is not found (404).
 * A {@code ..} is refused rather than normalised, as over TFTP.
 */
sealed interface BootPath permits BootPath.Valid, BootPath.Refused {

    /** TFTP's limit, so that a name served over one is served over the other. */
    int MAX_LENGTH = 255;

    /** Components in request order, none empty, {@code .} or {@code ..}. */
    record Valid(List<String> components) implements BootPath {
        public Valid {
            components = List.copyOf(components);
            if (components.isEmpty()) {
                throw new IllegalArgumentException("a name has at least one component");
            }
        }

        /** The name with {@code /} separators and no leading separator, as a {@code BootFileSource} receives it. */
        String path() {
            return String.join("/", components);
        }
    }

    /** @param status 403 or 404; the message is a fixed text, safe to send to the client */
    record Refused(int status, String message) implements BootPath {
        public Refused {
            Objects.requireNonNull(message, "message");
        }
    }

    Pattern SEPARATORS = Pattern.compile("[/\\\\]+");
    Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

    /**
     * Checks and normalises a name as the servlet's path info gives it (decoded, after the servlet's
     * path). One leading {@code /} is the URL's and is not counted against the length limit, so that
     * the same name passes or fails here and over TFTP.
     */
    static BootPath check(String requested) {
        String name = requested == null ? "" : requested.startsWith("/") ? requested.substring(1) : requested;
        if (name.isEmpty()) {
            return new Refused(404, "Empty file name");
        }
        if (name.length() > MAX_LENGTH) {
            return new Refused(403, "File name too long");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return new Refused(403, "Control character in file name");
            }
        }
        if (name.startsWith("\\\\")) {
            return new Refused(403, "UNC paths are not allowed");
        }
        List<String> components = new ArrayList<>();
        for (String component : SEPARATORS.split(name)) {
            if (component.isEmpty() || component.equals(".")) {
                continue;
            }
            if (component.equals("..")) {
                return new Refused(403, "Parent directory references are not allowed");
            }
            if (DRIVE.matcher(component).matches()) {
                return new Refused(403, "Drive letters are not allowed");
            }
            components.add(component);
        }
        if (components.isEmpty()) {
            return new Refused(404, "No file name");
        }
        return new Valid(components);
    }
}
