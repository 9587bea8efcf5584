package org.karafpxe.shell.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.karafpxe.api.Architecture;
import org.karafpxe.api.BootPrograms;
import org.karafpxe.support.PolicyConfig;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Changes the answer policy through Config Admin, as WDSUTIL /Set-Server /AnswerClients and
 * /ResponseDelay do. The provider applies it to the next request; the .cfg file is rewritten.
 */
@Command(scope = "pxe", name = "policy-set", description = "Changes the answer policy: which clients are "
        + "answered, the response delay, default boot programs. Applies to the next request and is saved in "
        + "etc/org.karafpxe.provider.policy.cfg.")
@Service
public class PolicySetCommand implements Action {

    @Reference
    private ConfigurationAdmin configurationAdmin;

    @Option(name = "--mode", description = "Which clients are answered: all, known (prestaged devices only) or none (out of "
            + "service: no client is answered, prestaged devices and boot tasks included)")
    @Completion(value = StringsCompleter.class, values = {"all", "known", "none"})
    private String mode;

    @Option(name = "--delay", description = "Seconds (0-65535) a client that is not prestaged must have been "
            + "trying before it is answered; 0 answers at once")
    private String delay;

    @Option(name = "--bootfile", multiValued = true, description = "A default boot program: <architecture>=<path>, "
            + "e.g. x64-uefi=snponly.efi, or ipxe=<script> for clients already running iPXE; may be repeated")
    private List<String> bootFiles;

    @Option(name = "--clear-bootfile", multiValued = true, description = "Removes the default boot program of an "
            + "architecture (or ipxe); may be repeated")
    @Completion(ArchitectureCompleter.class)
    private List<String> clearBootFiles;

    @Override
    public Object execute() throws Exception {
        if (mode == null && delay == null && bootFiles == null && clearBootFiles == null) {
            throw new IllegalArgumentException("nothing to change: give --mode, --delay, --bootfile or "
                    + "--clear-bootfile (pxe:policy shows the current policy)");
        }
        // Everything is checked before anything is written, so a bad argument changes nothing.
        Configuration configuration = PolicyConfig.configuration(configurationAdmin);
        Dictionary<String, Object> properties = PolicyConfig.copy(configuration);
        List<String> changes = new ArrayList<>();
        if (mode != null) {
            String m = mode.trim().toLowerCase(Locale.ROOT);
            if (!PolicyConfig.MODES.contains(m)) {
                throw new IllegalArgumentException("--mode " + mode + ": use all, known (prestaged devices only) "
                        + "or none");
            }
            properties.put(PolicyConfig.MODE, m);
            changes.add("mode " + m);
        }
        if (delay != null) {
            properties.put(PolicyConfig.DELAY, String.valueOf(delaySeconds(delay)));
            changes.add("delay " + delaySeconds(delay) + " s");
        }
        if (clearBootFiles != null) {
            for (String arch : clearBootFiles) {
                String key = BootPrograms.PREFIX + architectureKey(arch, "--clear-bootfile");
                properties.remove(key);
                changes.add("removed " + key);
            }
        }
        if (bootFiles != null) {
            for (String assignment : bootFiles) {
                int eq = assignment.indexOf('=');
                if (eq <= 0 || eq == assignment.length() - 1) {
                    throw new IllegalArgumentException("--bootfile " + assignment + ": write <architecture>=<path>, "
                            + "e.g. x64-uefi=snponly.efi");
                }
                String key = BootPrograms.PREFIX + architectureKey(assignment.substring(0, eq), "--bootfile");
                String path = assignment.substring(eq + 1).trim();
                properties.put(key, path);
                changes.add(key + " = " + path);
            }
        }
        configuration.update(properties);
        System.out.println("Answer policy changed: " + String.join(", ", changes) + ".");
        System.out.println();
        PolicyCommand.print(PolicyConfig.read(configuration));
        return null;
    }

    private static int delaySeconds(String text) {
        try {
            int seconds = Integer.parseInt(text.trim());
            if (seconds >= 0 && seconds <= 65535) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--delay " + text + ": use a whole number of seconds from 0 to 65535 "
                + "(the range of the secs field clients send)");
    }

    private static String architectureKey(String text, String option) {
        String key = text.trim().toLowerCase(Locale.ROOT);
        if (key.equals("ipxe") || Architecture.byKey(key).isPresent()) {
            return key;
        }
        throw new IllegalArgumentException(option + " " + text + ": '" + text.trim() + "' is not an architecture; "
                + "use ipxe or one of " + String.join(", ", Architecture.keys()));
    }
}
