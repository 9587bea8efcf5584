package org.karafpxe.engine.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.karafpxe.support.CheckedConfig;

/**
 * The chain's validated settings. A bad value is reported with what is allowed and replaced by
 * its default, so a typo in {@code etc/org.karafpxe.engine.cfg} never takes the chain down.
 *
 * @param providerBudgetMillis longest one provider may take for one request
 * @param chainDeadlineMillis  longest the whole chain may take for one request
 * @param maxWorkers           most requests whose providers are being asked at once, one worker each
 * @param historySize          how many recent decisions {@code pxe:requests} can show
 * @param onSocketThread       whether providers that say they decide a request without blocking
 *                             are asked on the thread that received it
 * @param fallThroughSeconds   how long a machine sent to its next boot device has its later
 *                             network boot options (HTTP boot) answered so that they give up at
 *                             once; 0 turns that off
 * @param fallThroughHttpPort  the port of the URL that HTTP boot is given then (this server's HTTP
 *                             port, which answers it "not found" at once)
 * @param ipxeBuilds           file names of iPXE builds: UEFI firmware about to be sent one only for
 *                             iPXE to be told to boot locally is sent to its next boot device at
 *                             once; empty ({@code none}) turns that off
 * @param problems             what was wrong with the configuration, for the log
 */
record ChainSettings(long providerBudgetMillis, long chainDeadlineMillis, int maxWorkers, int historySize,
        boolean onSocketThread, long fallThroughSeconds, int fallThroughHttpPort, Set<String> ipxeBuilds,
        List<String> problems) {

    static ChainSettings defaults() {
        return from(Map.of());
    }

    /** From a configuration as Config Admin holds it (every value a String), for the plain core's tests. */
    static ChainSettings from(Map<String, ?> properties) {
        return from(CheckedConfig.of(ChainConfig.class, null, properties));
    }

    static ChainSettings from(CheckedConfig<ChainConfig> checked) {
        ChainConfig c = checked.config();
        long budget = c.provider_budget_ms();
        long deadline = c.chain_deadline_ms();
        if (deadline < budget) {
            checked.problem(checked.key(ChainConfig::chain_deadline_ms) + " (" + deadline + ") is shorter than "
                    + checked.key(ChainConfig::provider_budget_ms) + " (" + budget + "): a provider's budget is cut "
                    + "to the time left before the deadline");
        }
        Set<String> builds = new LinkedHashSet<>();
        String buildNames = c.fallthrough_ipxe_builds().trim();
        for (String name : buildNames.equalsIgnoreCase("none") ? new String[0] : buildNames.split(",")) {
            String trimmed = name.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.contains("/") || trimmed.contains("\\")) {
                checked.problem(checked.key(ChainConfig::fallthrough_ipxe_builds) + ": '" + trimmed + "' is a path; give "
                        + "file names only (snponly.efi matches ipxe/snponly.efi too); ignoring it");
                continue;
            }
            builds.add(trimmed.toLowerCase(Locale.ROOT));
        }
        return new ChainSettings(budget, deadline, c.workers_max(), c.history_size(), c.decide_on_socket_thread(),
                c.fallthrough_seconds(), c.fallthrough_http_port(), Set.copyOf(builds), checked.problems());
    }

    /** Whether a boot file is one of the iPXE builds, by its file name (any folder, any case). */
    boolean isIpxeBuild(String bootFile) {
        if (ipxeBuilds.isEmpty() || bootFile.contains("://")) {
            return false;
        }
        String name = bootFile.substring(Math.max(bootFile.lastIndexOf('/'), bootFile.lastIndexOf('\\')) + 1);
        return ipxeBuilds.contains(name.toLowerCase(Locale.ROOT));
    }
}
