package org.karafpxe.tftp.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.karafpxe.support.CheckedConfig;

/**
 * Where the boot file directory is and how names are matched in it, from the same
 * {@code etc/org.karafpxe.tftp.cfg} as the server's settings.
 *
 * @param root         the directory served; nothing outside it is ever opened
 * @param caseMatching whether a name must match the case of the files on disk
 * @param problems     what was wrong with the configuration, for the log
 */
public record DirectorySettings(Path root, CaseMatching caseMatching, List<String> problems) {

    public DirectorySettings {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(caseMatching, "caseMatching");
        problems = List.copyOf(problems);
    }

    /**
     * @param karafBase the {@code karaf.base} system property, or null outside Karaf; the default root is
     *                  {@code tftpboot} under it
     */
    public static DirectorySettings from(Map<String, ?> properties, String karafBase) {
        return from(CheckedConfig.of(TftpConfig.class, null, properties), karafBase);
    }

    static DirectorySettings from(CheckedConfig<TftpConfig> checked, String karafBase) {
        Path fallback = defaultRoot(karafBase);
        CaseMatching caseMatching = checked.choice(TftpConfig::case$, CaseMatching.class);
        Path root = fallback;
        String raw = checked.text(TftpConfig::root);
        String key = checked.key(TftpConfig::root);
        if (raw != null && raw.contains("${")) {
            // Karaf expands ${karaf.base} when it reads the file; seeing it here means it could not.
            checked.problem(key + " = '" + raw + "' has a placeholder nothing expanded; using " + fallback);
        } else if (raw != null) {
            try {
                root = Path.of(raw).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                checked.problem(key + " = '" + raw + "' is not a path; using " + fallback);
            }
        }
        return new DirectorySettings(root, caseMatching, checked.problems());
    }

    static Path defaultRoot(String karafBase) {
        Path base = karafBase == null || karafBase.isBlank() ? Path.of("") : Path.of(karafBase);
        return base.resolve("tftpboot").toAbsolutePath().normalize();
    }
}
