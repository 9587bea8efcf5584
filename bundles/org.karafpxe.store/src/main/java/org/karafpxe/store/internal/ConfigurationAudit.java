package org.karafpxe.store.internal;

import java.io.IOException;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.karafpxe.store.AuditTrail;
import org.karafpxe.store.StoreException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.SynchronousConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the server's configuration changes ({@code etc/org.karafpxe.*.cfg}) in the audit trail, one
 * entry per setting changed, with its value before and after. Config Admin tells this listener in the
 * thread that made the change: a console command's (such as {@code pxe:policy-set}), whose user made
 * it, or Karaf's file watcher, which read an edited file ({@value #ACTOR}). Only who made it is taken
 * there; the configuration is read and the trail written on a thread of this listener's own, so that
 * Config Admin's caller never waits on the database. Values of settings that hold secrets are
 * not kept. A configuration is followed from its first change after it appeared, so that the server's
 * own start does not fill the trail.
 */
@Component(service = SynchronousConfigurationListener.class, immediate = true)
public final class ConfigurationAudit implements SynchronousConfigurationListener {
    static final String ACTOR = "file";
    static final String PREFIX = "org.karafpxe.";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationAudit.class);
    /** Keys Config Admin and Karaf add themselves. */
    private static final Set<String> BOOKKEEPING = Set.of(Constants.SERVICE_PID, ConfigurationAdmin.SERVICE_FACTORYPID,
            ConfigurationAdmin.SERVICE_BUNDLELOCATION, "felix.fileinstall.filename");

    private final ConfigurationAdmin admin;
    private final AuditTrail trail;
    private final Map<String, Map<String, String>> known = new ConcurrentHashMap<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pxe-configuration-audit");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public ConfigurationAudit(@Reference ConfigurationAdmin admin, @Reference AuditTrail trail) {
        this.admin = admin;
        this.trail = trail;
        try {
            Configuration[] all = admin.listConfigurations("(" + Constants.SERVICE_PID + "=" + PREFIX + "*)");
            for (Configuration c : all == null ? new Configuration[0] : all) {
                known.put(c.getPid(), values(c.getProperties()));
            }
        } catch (IOException | InvalidSyntaxException e) {
            LOG.warn("The audit trail cannot read the current configuration ({}): changes are recorded from the "
                    + "second one on", e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        writer.shutdown();
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        String pid = event.getPid();
        if (pid == null || !pid.startsWith(PREFIX)) {
            return;
        }
        String actor = Actors.current();
        int type = event.getType();
        try {
            writer.execute(() -> changed(pid, type, actor.equals(Actors.SYSTEM) ? ACTOR : actor));
        } catch (RejectedExecutionException stopping) {
            // The bundle stops: nothing more is recorded.
        }
    }

    private void changed(String pid, int type, String actor) {
        Map<String, String> after = type == ConfigurationEvent.CM_DELETED ? Map.of() : current(pid);
        Map<String, String> before = known.put(pid, after);
        if (before == null) {
            return;
        }
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            Optional<String> was = Optional.ofNullable(before.get(key));
            Optional<String> now = Optional.ofNullable(after.get(key));
            if (!was.equals(now)) {
                record(actor, pid, key, was, now);
            }
        }
    }

    private void record(String actor, String pid, String key, Optional<String> before, Optional<String> after) {
        boolean secret = secret(key);
        try {
            trail.recordChange(actor, "config", pid + " " + key, secret ? before.map(v -> "(hidden)") : before,
                    secret ? after.map(v -> "(hidden)") : after);
        } catch (StoreException | IllegalStateException e) {
            LOG.warn("etc/{}.cfg: the change of {} is not in the audit trail: {}", pid, key, e.getMessage());
        }
    }

    private Map<String, String> current(String pid) {
        try {
            Configuration[] found = admin.listConfigurations("(" + Constants.SERVICE_PID + "=" + pid + ")");
            return found == null || found.length == 0 ? Map.of() : values(found[0].getProperties());
        } catch (IOException | InvalidSyntaxException e) {
            LOG.warn("The audit trail cannot read the configuration {}: {}", pid, e.getMessage());
            return Map.of();
        }
    }

    static Map<String, String> values(Dictionary<String, Object> properties) {
        Map<String, String> values = new TreeMap<>();
        if (properties == null) {
            return values;
        }
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!BOOKKEEPING.contains(key)) {
                Object v = properties.get(key);
                values.put(key, v instanceof Object[] a ? String.join(", ", java.util.Arrays.stream(a)
                        .map(String::valueOf).toList()) : String.valueOf(v));
            }
        }
        return Collections.unmodifiableMap(values);
    }

    /** Settings whose values are not kept: passwords, secrets, tokens, authorisation headers. */
    static boolean secret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("token") || k.contains("auth");
    }
}
