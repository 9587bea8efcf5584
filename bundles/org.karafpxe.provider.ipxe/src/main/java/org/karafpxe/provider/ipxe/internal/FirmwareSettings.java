package org.karafpxe.provider.ipxe.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.karafpxe.support.CheckedConfig;

/**
 * Where the iPXE builds are and which of them are served ({@code firmware.dir},
 * {@code firmware.files}); a bad value is reported with what is allowed and replaced by its default.
 *
 * @param dir      the directory of the builds
 * @param files    the names served, each a plain file name in {@code dir}, in the order given
 * @param problems the values that were refused
 */
record FirmwareSettings(Path dir, List<String> files, List<String> problems) {
    FirmwareSettings {
        files = List.copyOf(files);
        problems = List.copyOf(problems);
    }

    /** From a configuration as Config Admin holds it (every value a String), for tests. */
    static FirmwareSettings from(Map<String, ?> properties) {
        return from(CheckedConfig.of(FirmwareConfig.class, null, properties));
    }

    static FirmwareSettings from(CheckedConfig<FirmwareConfig> checked) {
        FirmwareConfig defaults = CheckedConfig.defaults(FirmwareConfig.class);
        String dirKey = checked.key(FirmwareConfig::firmware_dir);
        Path dir = Path.of(defaults.firmware_dir());
        String rawDir = checked.text(FirmwareConfig::firmware_dir);
        if (rawDir != null) {
            Path given = null;
            try {
                given = Path.of(rawDir);
            } catch (InvalidPathException e) {
                // reported below
            }
            if (given == null || !given.isAbsolute() || rawDir.contains("${")) {
                checked.problem(dirKey + " = '" + rawDir + "' is not an absolute path such as " + defaults.firmware_dir()
                        + "; using " + defaults.firmware_dir());
            } else {
                dir = given.normalize();
            }
        }
        String filesKey = checked.key(FirmwareConfig::firmware_files);
        String defaultFiles = defaults.firmware_files();
        List<String> files = names(defaultFiles);
        String rawFiles = checked.text(FirmwareConfig::firmware_files);
        if (rawFiles != null) {
            List<String> given = names(rawFiles);
            String bad = given.stream().filter(n -> !isPlainName(n)).findFirst().orElse(null);
            if (bad != null) {
                checked.problem(filesKey + ": '" + bad + "' is not a file name (no folders, no '..', no control "
                        + "characters): list names in " + dirKey + " separated by commas, such as " + defaultFiles
                        + "; using " + defaultFiles);
            } else if (given.isEmpty()) {
                checked.problem(filesKey + " = '" + rawFiles + "' names no file: list names in " + dirKey
                        + " separated by commas, such as " + defaultFiles + "; using " + defaultFiles);
            } else {
                files = given;
            }
        }
        return new FirmwareSettings(dir, files, checked.problems());
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
