package org.karafpxe.provider.ipxe.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.karafpxe.support.ConfigValues;

/**
 * The script source's validated settings ({@code etc/org.karafpxe.provider.ipxe.cfg}); a bad value
 * is reported with what is allowed and replaced by its default.
 *
 * @param localBoot    the script of machines without a task
 * @param graceSeconds how long a client that fetched a one-shot script gets it again when it asks again
 * @param prompt       the press-a-key prompt before a task runs (off by default)
 * @param discovery    the programs architecture discovery sends BIOS machines
 * @param problems     the values that were refused
 */
record ScriptSettings(LocalBootScript localBoot, int graceSeconds, NetworkBootPrompt prompt,
        ArchitectureDiscovery discovery, List<String> problems) {
    static final String GRACE = "oneshot.grace.s";
    static final int DEFAULT_GRACE_SECONDS = 0;
    static final int MAX_GRACE_SECONDS = 3600;

    ScriptSettings {
        problems = List.copyOf(problems);
    }

    static ScriptSettings from(Map<String, ?> properties) {
        LocalBootScript localBoot = LocalBootScript.from(properties);
        List<String> problems = new ArrayList<>(localBoot.problems());
        ConfigValues values = new ConfigValues(properties);
        int grace = (int) values.number(GRACE, DEFAULT_GRACE_SECONDS, 0, MAX_GRACE_SECONDS, "a number of seconds "
                + "from 0 to " + MAX_GRACE_SECONDS + " (0: a one-shot script is served once only)");
        problems.addAll(values.problems());
        NetworkBootPrompt prompt = NetworkBootPrompt.from(properties);
        problems.addAll(prompt.problems());
        ArchitectureDiscovery discovery = ArchitectureDiscovery.from(properties);
        problems.addAll(discovery.problems());
        return new ScriptSettings(localBoot, grace, prompt, discovery, problems);
    }
}
