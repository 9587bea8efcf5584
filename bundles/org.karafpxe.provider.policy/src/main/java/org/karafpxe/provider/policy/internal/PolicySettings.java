package org.karafpxe.provider.policy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.karafpxe.api.BootPrograms;
import org.karafpxe.provider.policy.internal.AnswerPolicyProvider.Config;
import org.karafpxe.support.CheckedConfig;

/**
 * The policy's validated settings ({@code etc/org.karafpxe.provider.policy.cfg}); a bad value is
 * reported with what is allowed and replaced by its default.
 *
 * @param mode         which clients that are not prestaged are answered
 * @param delaySeconds how long a client that is not prestaged waits before it is answered
 * @param programs     the default boot program per architecture
 * @param promptNew    the prompt policy of machines that are not prestaged: noprompt, optin or optout
 * @param approval     whether machines that are not prestaged wait for an administrator's approval
 * @param pendingMax   how many machines the pending queue keeps at most
 */
record PolicySettings(AnswerMode mode, int delaySeconds, BootPrograms programs, String promptNew, boolean approval,
        int pendingMax, List<String> problems) {
    static final String NO_PROMPT = "noprompt";

    /** From a configuration as Config Admin holds it (every value a String), for tests. */
    static PolicySettings from(Map<String, ?> properties) {
        return from(CheckedConfig.of(Config.class, null, properties), properties);
    }

    /** @param properties the whole configuration, for the {@code bootfile.*} family */
    static PolicySettings from(CheckedConfig<Config> checked, Map<String, ?> properties) {
        Config c = checked.config();
        AnswerMode mode = AnswerMode.byKey(c.mode()).orElseThrow();
        int delay = c.delay_secs();
        boolean approval = c.approval();
        int pendingMax = c.pending_max();
        String promptNew = NO_PROMPT;
        String rawPrompt = checked.text(Config::prompt_new);
        if (rawPrompt != null) {
            String key = rawPrompt.toLowerCase(java.util.Locale.ROOT).replace("-", "");
            if (key.equals("optin") || key.equals("optout") || key.equals(NO_PROMPT)) {
                promptNew = key;
            } else {
                checked.problem(checked.key(Config::prompt_new) + " = '" + rawPrompt + "' is not a prompt policy: use "
                        + "noprompt, optin (the script runs when the key is pressed) or optout (unless it is pressed); "
                        + "using noprompt");
            }
        }
        BootPrograms programs = BootPrograms.from(properties);
        List<String> problems = new ArrayList<>(checked.problems());
        problems.addAll(programs.problems());
        return new PolicySettings(mode, delay, programs, promptNew, approval, pendingMax, List.copyOf(problems));
    }
}
