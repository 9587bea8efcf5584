package org.karafpxe.provider.ipxe.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.karafpxe.support.CheckedConfig;

/**
 * The press-a-key prompt before a network boot (what WDS does with pxeboot.com and F12, and its
 * {@code PxePromptPolicy}): a prestaged machine with a boot task is asked first. Opt-in: it boots
 * locally unless the key is pressed in time; opt-out: it runs its task unless the key is pressed;
 * no prompt: it runs its task at once. The policy is {@code prompt.known} for every prestaged
 * machine, and {@code prompt.device.<name>} for one.
 *
 * @param timeoutSeconds 0: no prompt; else how long the prompt waits
 * @param key            the iPXE key code ({@code prompt --key}) when set; F12 (0x197e) for opt-in
 *                       and Esc (0x1b) for opt-out otherwise
 * @param text           what the prompt says, when set
 * @param known          the policy of prestaged machines
 * @param devices        the policies of single devices, by lower-case name
 * @param problems       the values that were refused
 */
record NetworkBootPrompt(int timeoutSeconds, Optional<Integer> key, Optional<String> text, Policy known,
        Map<String, Policy> devices, List<String> problems) {
    static final String DEVICE_PREFIX = "prompt.device.";
    static final int F12 = 0x197e;
    static final int ESC = 0x1b;
    static final String DEFAULT_TEXT = "Press F12 for network boot";
    static final String DEFAULT_OPT_OUT_TEXT = "Press Esc to boot from the disk instead";

    /** WDS's prompt policies. */
    enum Policy {
        /** The task runs only when the key is pressed. */
        OPTIN,
        /** The task runs unless the key is pressed. */
        OPTOUT,
        /** The task runs at once. */
        NOPROMPT;

        static Optional<Policy> parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT).replace("-", "")) {
                case "optin" -> Optional.of(OPTIN);
                case "optout" -> Optional.of(OPTOUT);
                case "noprompt", "none" -> Optional.of(NOPROMPT);
                default -> Optional.empty();
            };
        }
    }

    NetworkBootPrompt {
        devices = Map.copyOf(devices);
        problems = List.copyOf(problems);
    }

    boolean enabled() {
        return timeoutSeconds > 0;
    }

    /** The policy for a prestaged device: its own, else prompt.known; no prompt when the timeout is 0. */
    Policy policyFor(String deviceName) {
        if (!enabled()) {
            return Policy.NOPROMPT;
        }
        return devices.getOrDefault(deviceName.toLowerCase(Locale.ROOT), known);
    }

    private static Policy policy(String key, Object raw, Policy fallback, CheckedConfig<?> problems) {
        String text = text(raw);
        if (text.isEmpty()) {
            return fallback;
        }
        Optional<Policy> p = Policy.parse(text);
        if (p.isEmpty()) {
            problems.problem(key + " = '" + text + "' is not a prompt policy: use optin (the task runs when the key is "
                    + "pressed), optout (the task runs unless it is pressed) or noprompt; using "
                    + fallback.name().toLowerCase(Locale.ROOT));
        }
        return p.orElse(fallback);
    }

    /** From a configuration as Config Admin holds it (every value a String), for tests. */
    static NetworkBootPrompt from(Map<String, ?> properties) {
        return from(CheckedConfig.of(ScriptsConfig.class, null, properties), properties);
    }

    /** @param properties the whole configuration, for the {@code prompt.device.<name>} family */
    static NetworkBootPrompt from(CheckedConfig<ScriptsConfig> checked, Map<String, ?> properties) {
        int timeout = checked.config().prompt_timeout_s();
        Optional<Integer> key = Optional.empty();
        String rawKey = text(checked.text(ScriptsConfig::prompt_key));
        if (!rawKey.isEmpty()) {
            int parsed;
            try {
                parsed = rawKey.startsWith("0x") || rawKey.startsWith("0X")
                        ? Integer.parseInt(rawKey.substring(2), 16) : Integer.parseInt(rawKey);
            } catch (NumberFormatException e) {
                parsed = -1;
            }
            if (parsed <= 0 || parsed > 0xffff) {
                checked.problem(checked.key(ScriptsConfig::prompt_key) + " = '" + rawKey + "' is not an iPXE key code: give it in hex as iPXE's prompt "
                        + "--key takes it (F12 is 0x197e, Esc 0x1b, Ctrl-B 0x02, Enter 0x0d); using F12 (opt-in) "
                        + "or Esc (opt-out)");
            } else {
                key = Optional.of(parsed);
            }
        }
        Optional<String> promptText = Optional.empty();
        String rawText = text(checked.text(ScriptsConfig::prompt_text));
        if (!rawText.isEmpty()) {
            if (rawText.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
                checked.problem(checked.key(ScriptsConfig::prompt_text) + " must be one line of text; using '" + DEFAULT_TEXT + "' (opt-in) or '"
                        + DEFAULT_OPT_OUT_TEXT + "' (opt-out)");
            } else {
                promptText = Optional.of(rawText);
            }
        }
        Policy known = policy(checked.key(ScriptsConfig::prompt_known), checked.text(ScriptsConfig::prompt_known),
                Policy.OPTIN, checked);
        Map<String, Policy> devices = new HashMap<>();
        for (Map.Entry<String, ?> e : new TreeMap<>(properties).entrySet()) {
            if (!e.getKey().startsWith(DEVICE_PREFIX)) {
                continue;
            }
            String device = e.getKey().substring(DEVICE_PREFIX.length()).toLowerCase(Locale.ROOT);
            if (device.isBlank()) {
                checked.problem(e.getKey() + ": name the device after '" + DEVICE_PREFIX + "' (as pxe:device-list shows it)");
                continue;
            }
            Policy p = policy(e.getKey(), e.getValue(), known, checked);
            devices.put(device, p);
        }
        return new NetworkBootPrompt(timeout, key, promptText, known, devices, checked.problems());
    }

    /** The prompt settings in a line for the log. */
    String describe() {
        if (!enabled()) {
            return "no press-a-key prompt (prompt.timeout.s = 0): a task runs at once";
        }
        return "press-a-key prompt for " + timeoutSeconds + " s, prestaged machines " + name(known)
                + devices.entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> ", " + e.getKey() + " " + name(e.getValue())).collect(Collectors.joining());
    }

    private static String name(Policy p) {
        return p == Policy.OPTIN ? "opt-in" : p == Policy.OPTOUT ? "opt-out" : "no prompt";
    }

    /** The key pressed at the prompt: the one set, else F12 to opt in, Esc to opt out. */
    int keyFor(Policy policy) {
        return key.orElse(policy == Policy.OPTOUT ? ESC : F12);
    }

    /** What the prompt says: the text set, else the policy's own. */
    String textFor(Policy policy) {
        return text.orElse(policy == Policy.OPTOUT ? DEFAULT_OPT_OUT_TEXT : DEFAULT_TEXT);
    }

    /**
     * The script a device with a task gets when it is prompted: the prompt, then the task script
     * (fetched from beside this one, so a one-shot task is taken only when it runs: opt-in, the key
     * pressed; opt-out, the key not pressed), else local boot.
     */
    String wrap(Policy policy, String taskScriptName, String localBootScript) {
        String prompt = "prompt --key 0x" + Integer.toHexString(keyFor(policy)) + " --timeout " + timeoutSeconds * 1000
                + " " + textFor(policy);
        // prompt succeeds when the key is pressed and fails when the time is up.
        return "#!ipxe\n"
                + (policy == Policy.OPTOUT ? prompt + " || goto task\ngoto local\n:task\n" : prompt + " || goto local\n")
                + "chain --autofree " + taskScriptName + " || goto local\n"
                + ":local\n"
                + LocalBootScript.body(localBootScript);
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }
}
