package org.karafpxe.tftp.internal;

import java.util.List;
import java.util.Map;
import org.karafpxe.api.BootFileSource;
import org.karafpxe.support.CheckedConfig;
import org.karafpxe.support.RankedBootFileSources;
import org.karafpxe.support.ServiceRanking;
import org.karafpxe.tftp.TftpService;
import org.karafpxe.tftp.TftpSessionInfo;
import org.karafpxe.tftp.TftpStatistics;
import org.karafpxe.tftp.TftpTransfer;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TFTP server as an OSGi service. Boot file sources are tracked as a whiteboard: they join, move and
 * leave as their bundles come, are reconfigured and go. A configuration change re-binds the socket only
 * when the address, port or enabled flag changed, or when the last bind failed; anything else applies to
 * the next request, so transfers in progress are not cut.
 */
@Component(service = TftpService.class, configurationPid = TftpSettings.PID, immediate = true)
@Designate(ocd = TftpConfig.class)
public final class TftpServer implements TftpService {
    private static final Logger LOG = LoggerFactory.getLogger(TftpServer.class);

    private final RankedBootFileSources sources = new RankedBootFileSources();
    private final TftpCounters counters = new TftpCounters();
    private TftpSettings settings;
    private volatile TftpServerCore core;

    /** The raw properties only name a refused value; see {@link CheckedConfig}. */
    @Activate
    void activate(TftpConfig config, Map<String, Object> properties) {
        configure(CheckedConfig.of(TftpConfig.class, config, properties));
    }

    @Modified
    void modified(TftpConfig config, Map<String, Object> properties) {
        configure(CheckedConfig.of(TftpConfig.class, config, properties));
    }

    @Deactivate
    synchronized void deactivate() {
        TftpServerCore running = core;
        core = null;
        if (running != null) {
            running.stop();
        }
    }

    private synchronized void configure(CheckedConfig<TftpConfig> checked) {
        TftpSettings next = TftpSettings.from(checked);
        next.problems().forEach(p -> LOG.error("etc/{}.cfg: {}", TftpSettings.PID, p));
        TftpServerCore running = core;
        // A socket that could not be bound is tried again on any change: saving the file is the way to retry.
        if (running != null && settings.sameListener(next) && !running.bindFailed()) {
            running.update(next);
            settings = next;
            describe(next);
            return;
        }
        if (running != null) {
            running.stop();
        }
        settings = next;
        TftpServerCore fresh = new TftpServerCore(next, sources::snapshot, counters);
        core = fresh;
        try {
            fresh.start();
        } catch (RuntimeException e) {
            // A port that cannot be bound is reported by the core itself; this is anything else, and still
            // must not fail the activation: the statistics then say the server is not listening.
            LOG.error("The TFTP server could not start", e);
            return;
        }
        describe(next);
    }

    private static void describe(TftpSettings s) {
        LOG.info("TFTP: blksize up to {}, windowsize up to {}, timeout {} ms, {} retries, {} sessions "
                        + "({} per client, {} more may wait), idle timeout {} s", s.maxBlockSize(), s.maxWindowSize(),
                s.timeout().toMillis(), s.retries(), s.maxSessions(), s.maxSessionsPerClient(), s.maxWaiting(),
                s.idleTimeout().toSeconds());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeSource", updated = "updatedSource")
    void addSource(BootFileSource source, Map<String, Object> properties) {
        RankedBootFileSources.Entry entry = entry(source, properties);
        sources.put(entry);
        LOG.info("Boot file source {} added at ranking {}", entry.name(), entry.ranking());
    }

    void updatedSource(BootFileSource source, Map<String, Object> properties) {
        RankedBootFileSources.Entry entry = entry(source, properties);
        RankedBootFileSources.Entry previous = sources.put(entry);
        // A source's service properties change with any edit of its configuration file; only a move matters.
        if (previous == null || previous.ranking() != entry.ranking()) {
            LOG.info("Boot file source {} now ranks {}", entry.name(), entry.ranking());
        }
    }

    void removeSource(BootFileSource source, Map<String, Object> properties) {
        sources.remove(serviceIdOf(properties));
        LOG.info("Boot file source {} removed", nameOf(source, properties));
    }

    @Override
    public List<TftpSessionInfo> sessions() {
        TftpServerCore running = core;
        return running == null ? List.of() : running.sessions();
    }

    @Override
    public List<TftpTransfer> recentTransfers(int limit) {
        TftpServerCore running = core;
        return running == null ? List.of() : running.recentTransfers(limit);
    }

    @Override
    public TftpStatistics statistics() {
        TftpServerCore running = core;
        if (running == null) {
            throw new IllegalStateException("the TFTP server is not active");
        }
        return running.statistics();
    }

    /** Where the server listens, for tests that configure port 0. */
    TftpServerCore core() {
        return core;
    }

    private static RankedBootFileSources.Entry entry(BootFileSource source, Map<String, Object> properties) {
        Object raw = properties.get(Constants.SERVICE_RANKING);
        Integer ranking = ServiceRanking.parse(raw);
        String name = nameOf(source, properties);
        if (ranking == null) {
            LOG.error("Boot file source {}: service.ranking = '{}' is not a whole number; ranking it 0", name, raw);
            ranking = 0;
        }
        return new RankedBootFileSources.Entry(source, ranking, serviceIdOf(properties), name);
    }

    private static long serviceIdOf(Map<String, Object> properties) {
        Object id = properties.get(Constants.SERVICE_ID);
        return id instanceof Number n ? n.longValue() : -1;
    }

    private static String nameOf(BootFileSource source, Map<String, Object> properties) {
        Object name = properties.get("component.name");
        return name != null ? name + " (" + source + ")" : String.valueOf(source);
    }
}
