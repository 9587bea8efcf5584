package org.karafpxe.provider.ipxe.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.karafpxe.support.CheckedConfig;

/**
 * The script source's validated settings ({@code etc/org.karafpxe.provider.ipxe.scripts.cfg}); a bad value
 * is reported with what is allowed and replaced by its default.
 *
 * @param localBoot    the script of machines without a task
 * @param graceSeconds how long a client that fetched a one-shot script gets it again when it asks again
 * @param prompt       the press-a-key prompt before a task runs (off by default)
 * @param discovery    the programs architecture discovery sends BIOS machines
 * @param approvalPollSeconds    how often a machine waiting for approval asks again
 * @param approvalTimeoutSeconds how long it waits before it boots its next device
 * @param problems     the values that were refused
 */
record ScriptSettings(LocalBootScript localBoot, int graceSeconds, NetworkBootPrompt prompt,
        ArchitectureDiscovery discovery, int approvalPollSeconds, int approvalTimeoutSeconds, List<String> problems) {
    ScriptSettings {
        problems = List.copyOf(problems);
    }

    /** From a configuration as Config Admin holds it (every value a String), for tests. */
    static ScriptSettings from(Map<String, ?> properties) {
        return from(CheckedConfig.of(ScriptsConfig.class, null, properties), properties);
    }

    /** @param properties the whole configuration, for the {@code localboot.*} and {@code prompt.device.*} families */
    static ScriptSettings from(CheckedConfig<ScriptsConfig> checked, Map<String, ?> properties) {
        LocalBootScript localBoot = LocalBootScript.from(properties);
        List<String> problems = new ArrayList<>(localBoot.problems());
        int grace = checked.config().oneshot_grace_s();
        NetworkBootPrompt prompt = NetworkBootPrompt.from(checked, properties);
        ArchitectureDiscovery discovery = ArchitectureDiscovery.from(checked);
        int poll = checked.config().approval_poll_s();
        int timeout = checked.config().approval_timeout_s();
        problems.addAll(checked.problems());
        return new ScriptSettings(localBoot, grace, prompt, discovery, poll, timeout, problems);
    }
}
