package org.karafpxe.provider.grub.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
    /** Debian's shim-signed package. */
    static final String DEFAULT_SHIM = "/usr/lib/shim/shimx64.efi.signed";
    /** Debian's grub-efi-amd64-signed package: GRUB built for network boot. */
    static final String DEFAULT_GRUB = "/usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed";
    /** GRUB's sleep --interruptible ends on Esc. */
    static final String DEFAULT_PROMPT = "Press Esc for network boot";
    static final int MAX_PROMPT_SECONDS = 600;

    GrubSettings {
        problems = List.copyOf(problems);
    }

    static GrubSettings from(GrubProvider.Config config) {
        List<String> problems = new ArrayList<>();
        Path shim = path("shim.file", config.shim_file(), DEFAULT_SHIM, problems);
        Path grub = path("grub.file", config.grub_file(), DEFAULT_GRUB, problems);
        int seconds = config.prompt_timeout_s();
        if (seconds < 0 || seconds > MAX_PROMPT_SECONDS) {
            problems.add("prompt.timeout.s = " + seconds + " is not 0 to " + MAX_PROMPT_SECONDS + " seconds; using 0 "
                    + "(no prompt)");
            seconds = 0;
        }
        String text = config.prompt_text() == null ? "" : config.prompt_text().strip();
        if (text.isEmpty() || text.chars().anyMatch(c -> c < ' ' || c == 0x7f || c == '"' || c == '\\' || c == '$')) {
            problems.add("prompt.text = '" + text + "' is not one line of text without \", \\ and $ (GRUB would read "
                    + "them); using '" + DEFAULT_PROMPT + "'");
            text = DEFAULT_PROMPT;
        }
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
