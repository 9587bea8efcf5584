package org.karafpxe.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** WDS's naming policy for approved machines: {@code %#} is a counter, {@code %0N#} one of N digits. */
public final class DeviceNames {
    private static final Pattern COUNTER = Pattern.compile("%(0([1-9]))?#");
    public static final String DEFAULT_TEMPLATE = "pc-%03#";

    private DeviceNames() {
    }

    /** Whether the template has a counter. */
    public static boolean hasCounter(String template) {
        return COUNTER.matcher(template).find();
    }

    /** The template with its counter as the number {@code n}. */
    public static String nameFor(String template, int n) {
        Matcher m = COUNTER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String digits = m.group(2) == null ? Integer.toString(n) : String.format("%0" + m.group(2) + "d", n);
            m.appendReplacement(out, Matcher.quoteReplacement(digits));
        }
        m.appendTail(out);
        return out.toString();
    }
}
