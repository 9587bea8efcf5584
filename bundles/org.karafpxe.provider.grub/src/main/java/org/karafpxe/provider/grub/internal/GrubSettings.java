package org.karafpxe.provider.grub.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.karafpxe.support.CheckedConfig;

/**
 * Where the signed boot programs are, checked: a value that is not an absolute path is reported
 * with what is allowed and replaced by its default.
 *
 * @param shim     shim signed by Microsoft's UEFI CA
 * @param grub     the network GRUB signed by Debian
 * @param promptSeconds how long GRUB waits for Esc before a task; 0: no prompt
 * @param promptText    what the prompt says
 * @param problems the values that were refused
 */
record GrubSettings(Path shim, Path grub, int promptSeconds, String promptText, List<String> problems) {
    GrubSettings {
        problems = List.copyOf(problems);
    }

    /** From a configuration as Config Admin holds it (every value a String), for tests. */
    static GrubSettings from(Map<String, ?> properties) {
        return from(CheckedConfig.of(GrubFilesConfig.class, null, properties));
    }

    static GrubSettings from(CheckedConfig<GrubFilesConfig> checked) {
        GrubFilesConfig defaults = CheckedConfig.defaults(GrubFilesConfig.class);
        List<String> problems = new ArrayList<>();
        Path shim = path(checked.key(GrubFilesConfig::shim_file), checked.config().shim_file(), defaults.shim_file(),
                problems);
        Path grub = path(checked.key(GrubFilesConfig::grub_file), checked.config().grub_file(), defaults.grub_file(),
                problems);
        int seconds = checked.config().prompt_timeout_s();
        String text = checked.config().prompt_text().strip();
        if (text.chars().anyMatch(c -> c < ' ' || c == 0x7f || c == '"' || c == '\\' || c == '$')) {
            problems.add(checked.key(GrubFilesConfig::prompt_text) + " = '" + text + "' is not one line of text "
                    + "without \", \\ and $ (GRUB would read them); using '" + defaults.prompt_text() + "'");
            text = defaults.prompt_text();
        }
        problems.addAll(0, checked.problems());
        return new GrubSettings(shim, grub, seconds, text, problems);
    }

    private static Path path(String key, String raw, String fallback, List<String> problems) {
        String value = raw == null ? "" : raw.strip();
        try {
            Path p = Path.of(value);
            if (p.isAbsolute() && !value.contains("${")) {
                return p.normalize();
            }
        } catch (InvalidPathException e) {
            // reported below
        }
        problems.add(key + " = '" + value + "' is not an absolute path such as " + fallback + "; using " + fallback);
        return Path.of(fallback);
    }
}
