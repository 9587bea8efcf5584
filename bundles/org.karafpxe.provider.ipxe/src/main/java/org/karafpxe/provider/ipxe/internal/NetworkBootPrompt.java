package org.karafpxe.provider.ipxe.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The press-a-key prompt before a network boot (what WDS does with pxeboot.com and F12): a machine
 * with a boot task is asked first, and boots locally unless the key is pressed in time.
 *
 * @param timeoutSeconds 0: no prompt; else how long the prompt waits
 * @param key            the iPXE key code ({@code prompt --key}); F12 is 0x197e
 * @param text           what the prompt says
 * @param problems       the values that were refused
 */
record NetworkBootPrompt(int timeoutSeconds, int key, String text, List<String> problems) {
    static final String TIMEOUT = "prompt.timeout.s";
    static final String KEY = "prompt.key";
    static final String TEXT = "prompt.text";
    static final int MAX_TIMEOUT_SECONDS = 600;
    static final int F12 = 0x197e;
    static final String DEFAULT_TEXT = "Press F12 for network boot";

    NetworkBootPrompt {
        problems = List.copyOf(problems);
    }

    boolean enabled() {
        return timeoutSeconds > 0;
    }

    static NetworkBootPrompt from(Map<String, ?> properties) {
        List<String> problems = new ArrayList<>();
        int timeout = 0;
        String rawTimeout = text(properties.get(TIMEOUT));
        if (!rawTimeout.isEmpty()) {
            try {
                timeout = Integer.parseInt(rawTimeout);
            } catch (NumberFormatException e) {
                timeout = -1;
            }
            if (timeout < 0 || timeout > MAX_TIMEOUT_SECONDS) {
                problems.add(TIMEOUT + " = '" + rawTimeout + "' is not a number of seconds from 0 to "
                        + MAX_TIMEOUT_SECONDS + " (0: no prompt); using 0, no prompt");
                timeout = 0;
            }
        }
        int key = F12;
        String rawKey = text(properties.get(KEY));
        if (!rawKey.isEmpty()) {
            try {
                key = rawKey.startsWith("0x") || rawKey.startsWith("0X")
                        ? Integer.parseInt(rawKey.substring(2), 16) : Integer.parseInt(rawKey);
            } catch (NumberFormatException e) {
                key = -1;
            }
            if (key <= 0 || key > 0xffff) {
                problems.add(KEY + " = '" + rawKey + "' is not an iPXE key code: give it in hex as iPXE's prompt "
                        + "--key takes it (F12 is 0x197e, Ctrl-B 0x02, Enter 0x0d); using F12");
                key = F12;
            }
        }
        String promptText = DEFAULT_TEXT;
        String rawText = text(properties.get(TEXT));
        if (!rawText.isEmpty()) {
            if (rawText.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
                problems.add(TEXT + " must be one line of text; using '" + DEFAULT_TEXT + "'");
            } else {
                promptText = rawText;
            }
        }
        return new NetworkBootPrompt(timeout, key, promptText, problems);
    }

    /**
     * The script a device with a task gets when the prompt is on: the prompt, then the task script
     * (fetched from beside this one, so a one-shot task is taken only when the key was pressed),
     * else local boot.
     */
    String wrap(String taskScriptName, String localBootScript) {
        return "#!ipxe\n"
                + "prompt --key 0x" + Integer.toHexString(key) + " --timeout " + timeoutSeconds * 1000 + " " + text
                + " || goto local\n"
                + "chain --autofree " + taskScriptName + " || goto local\n"
                + ":local\n"
                + LocalBootScript.body(localBootScript);
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }
}
