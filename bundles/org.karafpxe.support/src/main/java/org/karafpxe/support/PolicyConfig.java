package org.karafpxe.support;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The answer policy as Config Admin holds it (pid {@value #PID}, the file
 * {@code etc/org.karafpxe.provider.policy.cfg}). Changes go through Config Admin, so the provider
 * applies them at once and the file is rewritten: the console and the file never disagree.
 */
public final class PolicyConfig {

    public static final String PID = "org.karafpxe.provider.policy";
    public static final String MODE = "mode";
    public static final String DELAY = "delay.secs";
    public static final List<String> MODES = List.of("all", "known", "none");

    private PolicyConfig() {
    }

    public static Configuration configuration(ConfigurationAdmin admin) throws IOException {
        // "?" binds the configuration to no bundle: the policy provider and the provider chain both read it.
        return admin.getConfiguration(PID, "?");
    }

    /** The properties in key order, without the framework's own (service.pid and such). */
    public static Map<String, String> read(Configuration configuration) {
        Map<String, String> values = new TreeMap<>();
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null) {
            return values;
        }
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!key.equals("service.pid") && !key.startsWith("felix.") && !key.equals("service.factoryPid")) {
                values.put(key, String.valueOf(properties.get(key)));
            }
        }
        return values;
    }

    public static Dictionary<String, Object> copy(Configuration configuration) {
        Dictionary<String, Object> copy = new Hashtable<>();
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties != null) {
            for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                copy.put(key, properties.get(key));
            }
        }
        return copy;
    }
}
