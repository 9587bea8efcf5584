package org.karafpxe.support;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Settings an older release read from a component's configuration and a newer one reads from another
 * PID: found so that the operator is told where each now belongs, rather than seeing it silently ignored.
 */
public final class MovedSettings {

    private MovedSettings() {
    }

    /**
     * @param properties the configuration the settings used to be in
     * @param newPid     the PID they are read from now
     * @param keys       the settings that moved: a key, or a family ending in {@code .}
     * @return one problem per setting found, in key order
     */
    public static List<String> find(Map<String, ?> properties, String newPid, List<String> keys) {
        return new TreeSet<>(properties.keySet()).stream()
                .filter(key -> keys.stream().anyMatch(k -> k.endsWith(".") ? key.startsWith(k) : key.equals(k)))
                .map(key -> key + " is read from etc/" + newPid + ".cfg now, not from this file: move it there "
                        + "(it is ignored here)")
                .toList();
    }
}
