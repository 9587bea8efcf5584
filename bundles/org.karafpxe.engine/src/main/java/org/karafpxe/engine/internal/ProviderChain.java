package org.karafpxe.engine.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.karafpxe.api.BootProvider;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.GuidPolicy;
import org.karafpxe.engine.BootChain;
import org.karafpxe.engine.ChainResult;
import org.karafpxe.engine.DecisionTimes;
import org.karafpxe.engine.LatencyHistogram;
import org.karafpxe.engine.RequestCount;
import org.karafpxe.engine.ProviderStatus;
import org.karafpxe.engine.RequestRecord;
import org.karafpxe.support.CheckedConfig;
import org.karafpxe.support.ServiceRanking;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
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
 * The chain as an OSGi service. Boot providers are tracked as a whiteboard: they join, move and
 * leave the chain as their bundles come, are reconfigured and go, without a restart. The answer
 * policy's {@code none} ({@link AnswerPolicyGate}) is checked before any provider is asked.
 */
@Component(service = BootChain.class, configurationPid = ProviderChain.PID, immediate = true)
@Designate(ocd = ChainConfig.class)
public final class ProviderChain implements BootChain {
    static final String PID = "org.karafpxe.engine";
    private static final Logger LOG = LoggerFactory.getLogger(ProviderChain.class);

    private final ChainEngine engine = new ChainEngine(ChainSettings.defaults());

    /** The raw properties only name a refused value; see {@link CheckedConfig}. */
    @Activate
    void activate(ChainConfig config, Map<String, Object> properties) {
        configure(CheckedConfig.of(ChainConfig.class, config, properties));
    }

    @Modified
    void modified(ChainConfig config, Map<String, Object> properties) {
        configure(CheckedConfig.of(ChainConfig.class, config, properties));
    }

    @Deactivate
    void deactivate() {
        engine.shutdown();
    }

    private void configure(CheckedConfig<ChainConfig> checked) {
        ChainSettings settings = ChainSettings.from(checked);
        settings.problems().forEach(p -> LOG.error("etc/{}.cfg: {}", PID, p));
        engine.configure(settings);
        LOG.info("Provider chain: {} ms per provider, {} ms per request, up to {} concurrent provider calls; "
                + "fall-through {} s, UEFI sent to its disk at once instead of iPXE builds {}",
                settings.providerBudgetMillis(), settings.chainDeadlineMillis(), settings.maxWorkers(),
                settings.fallThroughSeconds(), settings.ipxeBuilds().isEmpty() ? "(none)" : settings.ipxeBuilds());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeProvider", updated = "updatedProvider")
    void addProvider(BootProvider provider, ServiceReference<BootProvider> ref) {
        ProviderEntry entry = new ProviderEntry(provider, nameOf(ref), rankingOf(ref), serviceIdOf(ref),
                bundleOf(ref), new Counters());
        engine.add(entry);
        LOG.info("Boot provider {} joined the chain at ranking {}", entry.name(), entry.ranking());
    }

    void updatedProvider(BootProvider provider, ServiceReference<BootProvider> ref) {
        engine.rerank(serviceIdOf(ref), rankingOf(ref));
        LOG.info("Boot provider {} now ranks {}", nameOf(ref), rankingOf(ref));
    }

    void removeProvider(BootProvider provider, ServiceReference<BootProvider> ref) {
        engine.remove(serviceIdOf(ref));
        LOG.info("Boot provider {} left the chain", nameOf(ref));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeGate")
    void setGate(AnswerPolicyGate gate) {
        engine.gate(gate);
    }

    void removeGate(AnswerPolicyGate gate) {
        engine.gate(null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeGuidPolicy")
    void setGuidPolicy(GuidPolicy policy) {
        engine.guidPolicy(policy);
    }

    void removeGuidPolicy(GuidPolicy policy) {
        engine.guidPolicy(null);
    }

    @Override
    public CompletionStage<ChainResult> decide(BootRequest request) {
        return engine.decide(request);
    }

    @Override
    public List<ProviderStatus> providers() {
        return engine.providers();
    }

    @Override
    public boolean outOfService() {
        return engine.outOfService();
    }

    @Override
    public List<RequestRecord> recent(int limit) {
        return engine.recent(limit);
    }

    @Override
    public DecisionTimes decisionTimes() {
        return engine.decisionTimes();
    }

    @Override
    public DecisionTimes waitTimes() {
        return engine.waitTimes();
    }

    @Override
    public List<RequestCount> requestCounts() {
        return engine.requestCounts();
    }

    @Override
    public LatencyHistogram decisionHistogram() {
        return engine.decisionHistogram();
    }

    @Override
    public Map<String, LatencyHistogram> providerHistograms() {
        return engine.providerHistograms();
    }

    @Override
    public void resetDecisionTimes() {
        engine.resetDecisionTimes();
    }

    private static int rankingOf(ServiceReference<?> ref) {
        Object raw = ref.getProperty(Constants.SERVICE_RANKING);
        Integer ranking = ServiceRanking.parse(raw);
        if (ranking == null) {
            LOG.error("Boot provider {}: service.ranking = '{}' is not a whole number; ranking it 0",
                    nameOf(ref), raw);
            return 0;
        }
        return ranking;
    }

    private static long serviceIdOf(ServiceReference<?> ref) {
        return (Long) ref.getProperty(Constants.SERVICE_ID);
    }

    private static String nameOf(ServiceReference<?> ref) {
        for (String key : new String[] {BootProvider.NAME, "component.name"}) {
            Object value = ref.getProperty(key);
            if (value != null && !value.toString().isBlank()) {
                return value.toString();
            }
        }
        return "service " + serviceIdOf(ref);
    }

    private static String bundleOf(ServiceReference<?> ref) {
        Bundle bundle = ref.getBundle();
        return bundle == null ? "?" : bundle.getSymbolicName() + " [" + bundle.getBundleId() + "]";
    }
}
