package org.karafpxe.provider.policy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.karafpxe.api.BootPrograms;
import org.karafpxe.support.ConfigValues;

/**
 * The policy's validated settings ({@code etc/org.karafpxe.provider.policy.cfg}); a bad value is
 * reported with what is allowed and replaced by its default.
 *
 * @param mode         which clients that are not prestaged are answered
 * @param delaySeconds how long a client that is not prestaged waits before it is answered
 * @param programs     the default boot program per architecture
 * @param promptNew    the prompt policy of machines that are not prestaged: noprompt, optin or optout
 */
record PolicySettings(AnswerMode mode, int delaySeconds, BootPrograms programs, String promptNew,
        List<String> problems) {
    static final String MODE = "mode";
    static final String DELAY = "delay.secs";
    static final String PROMPT_NEW = "prompt.new";
    static final String NO_PROMPT = "noprompt";

    static PolicySettings from(Map<String, ?> properties) {
        ConfigValues values = new ConfigValues(properties);
        AnswerMode mode = AnswerMode.ALL;
        String rawMode = values.text(MODE);
        if (rawMode != null) {
            mode = AnswerMode.byKey(rawMode).orElse(null);
            if (mode == null) {
                values.problem(MODE + " = '" + rawMode + "' is not an answer mode: use all, known or none; using all");
                mode = AnswerMode.ALL;
            }
        }
        int delay = (int) values.number(DELAY, 0, 0, 65535, "a number of seconds from 0 to 65535");
        String promptNew = NO_PROMPT;
        String rawPrompt = values.text(PROMPT_NEW);
        if (rawPrompt != null) {
            String key = rawPrompt.toLowerCase(java.util.Locale.ROOT).replace("-", "");
            if (key.equals("optin") || key.equals("optout") || key.equals(NO_PROMPT)) {
                promptNew = key;
            } else {
                values.problem(PROMPT_NEW + " = '" + rawPrompt + "' is not a prompt policy: use noprompt, optin (the "
                        + "script runs when the key is pressed) or optout (unless it is pressed); using noprompt");
            }
        }
        BootPrograms programs = BootPrograms.from(properties);
        List<String> problems = new ArrayList<>(values.problems());
        problems.addAll(programs.problems());
        return new PolicySettings(mode, delay, programs, promptNew, List.copyOf(problems));
    }
}
