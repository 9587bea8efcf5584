package org.karafpxe.provider.policy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.karafpxe.api.BootPrograms;

/**
 * The policy's validated settings ({@code etc/org.karafpxe.provider.policy.cfg}); a bad value is
 * reported with what is allowed and replaced by its default.
 *
 * @param mode         which clients that are not prestaged are answered
 * @param delaySeconds how long a client that is not prestaged waits before it is answered
 * @param programs     the default boot program per architecture
 */
record PolicySettings(AnswerMode mode, int delaySeconds, BootPrograms programs, List<String> problems) {
    static final String MODE = "mode";
    static final String DELAY = "delay.secs";

    static PolicySettings from(Map<String, ?> properties) {
        List<String> problems = new ArrayList<>();
        AnswerMode mode = AnswerMode.ALL;
        Object rawMode = properties.get(MODE);
        if (rawMode != null && !rawMode.toString().isBlank()) {
            mode = AnswerMode.byKey(rawMode.toString()).orElse(null);
            if (mode == null) {
                problems.add(MODE + " = '" + rawMode + "' is not an answer mode: use all, known or none; using all");
                mode = AnswerMode.ALL;
            }
        }
        int delay = 0;
        Object rawDelay = properties.get(DELAY);
        if (rawDelay != null && !rawDelay.toString().isBlank()) {
            try {
                delay = Integer.parseInt(rawDelay.toString().trim());
            } catch (NumberFormatException e) {
                delay = -1;
            }
            if (delay < 0 || delay > 65535) {
                problems.add(DELAY + " = '" + rawDelay + "' is not a number of seconds from 0 to 65535; using 0");
                delay = 0;
            }
        }
        BootPrograms programs = BootPrograms.from(properties);
        problems.addAll(programs.problems());
        return new PolicySettings(mode, delay, programs, List.copyOf(problems));
    }
}
