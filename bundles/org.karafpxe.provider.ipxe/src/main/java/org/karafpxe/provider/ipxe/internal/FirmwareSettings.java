package org.karafpxe.provider.ipxe.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.karafpxe.support.ConfigValues;

/**
 * Where the iPXE builds are and which of them are served ({@code firmware.dir},
 * {@code firmware.files}); a bad value is reported with what is allowed and replaced by its default.
 *
 * @param dir      the directory of the builds
 * @param files    the names served, each a plain file name in {@code dir}, in the order given
 * @param problems the values that were refused
 */
record FirmwareSettings(Path dir, List<String> files, List<String> problems) {
    static final String DIR = "firmware.dir";
    static final String FILES = "firmware.files";
    /** Debian's (and Ubuntu's) ipxe package. */
    static final String DEFAULT_DIR = "/usr/lib/ipxe";
    static final String DEFAULT_FILES = "undionly.kpxe, undionly.kkpxe, ipxe.pxe, snponly.efi, ipxe.efi";

    FirmwareSettings {
        files = List.copyOf(files);
        problems = List.copyOf(problems);
    }

    static FirmwareSettings from(Map<String, ?> properties) {
        ConfigValues values = new ConfigValues(properties);
        Path dir = Path.of(DEFAULT_DIR);
        String rawDir = values.text(DIR);
        if (rawDir != null) {
            Path given = null;
            try {
                given = Path.of(rawDir);
            } catch (InvalidPathException e) {
                // reported below
            }
            if (given == null || !given.isAbsolute() || rawDir.contains("${")) {
                values.problem(DIR + " = '" + rawDir + "' is not an absolute path such as " + DEFAULT_DIR
                        + "; using " + DEFAULT_DIR);
            } else {
                dir = given.normalize();
            }
        }
        List<String> files = names(DEFAULT_FILES);
        String rawFiles = values.text(FILES);
        if (rawFiles != null) {
            List<String> given = names(rawFiles);
            String bad = given.stream().filter(n -> !isPlainName(n)).findFirst().orElse(null);
            if (bad != null) {
                values.problem(FILES + ": '" + bad + "' is not a file name (no folders, no '..', no control "
                        + "characters): list names in " + DIR + " separated by commas, such as " + DEFAULT_FILES
                        + "; using " + DEFAULT_FILES);
            } else if (given.isEmpty()) {
                values.problem(FILES + " = '" + rawFiles + "' names no file: list names in " + DIR
                        + " separated by commas, such as " + DEFAULT_FILES + "; using " + DEFAULT_FILES);
            } else {
                files = given;
            }
        }
        return new FirmwareSettings(dir, files, values.problems());
    }

    /** A name that stays in the directory: one component, not a link to its parent, nothing a client cannot ask. */
    static boolean isPlainName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\\")
                || name.length() > 255) {
            return false;
        }
        return name.chars().noneMatch(c -> c < ' ' || c == 0x7f);
    }

    private static List<String> names(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct()
                .collect(Collectors.toList());
    }
}
