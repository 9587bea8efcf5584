package org.karafpxe.engine.internal;

import java.net.Inet6Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.karafpxe.api.BootAnswer;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.api.GuidPolicy;
import org.karafpxe.api.RawOptions;
import org.karafpxe.engine.BootChain;
import org.karafpxe.engine.ChainResult;
import org.karafpxe.engine.DecisionTimes;
import org.karafpxe.engine.LatencyHistogram;
import org.karafpxe.engine.ProviderStatus;
import org.karafpxe.engine.RequestCount;
import org.karafpxe.engine.RequestRecord;
import org.karafpxe.engine.StepOutcome;
import org.karafpxe.engine.TraceStep;
import org.karafpxe.support.RecentRing;
import org.karafpxe.support.UrlHosts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider chain without OSGi: providers are added and removed by service id, and each
 * request walks an immutable snapshot of them, so a provider that leaves mid-request neither
 * disturbs the request nor is asked by the next one.
 */
final class ChainEngine implements BootChain {
    private static final Logger LOG = LoggerFactory.getLogger(ChainEngine.class);
    /** Requests waiting for a worker; beyond it a request is refused (its providers count as REJECTED). */
    static final int QUEUE_CAPACITY = 10_000;
    private static final int IPXE_OPTIONS = 175;
    /** The path of the URL that fails at once: never a boot file (a name ending in '/'). */
    static final String FALL_THROUGH_PATH = "/boot/fall-through/";
    static final String OUT_OF_SERVICE = "answer policy is none: this server answers no client, "
            + "and no provider was asked";
    /** Idle workers woken at once for waiting requests: one per core, and at least two. */
    private static final int WAKING = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final ThreadPoolExecutor workers;
    private final StepWatchdog watchdog;
    private volatile ChainSettings settings;
    private volatile List<ProviderEntry> providers = List.of();
    private volatile RecentRing<RequestRecord> history;
    private volatile GuidPolicy guidPolicy;
    private volatile AnswerPolicyGate gate;
    private volatile ChainClocks clocks = new ChainClocks();
    private final RequestCounts requestCounts = new RequestCounts();
    private volatile FallThroughs fallThroughs;

    ChainEngine(ChainSettings settings) {
        this.settings = settings;
        this.history = new RecentRing<>(settings.historySize());
        this.fallThroughs = fallThroughs(settings);
        // A burst of requests (a room powering on) waits in a bounded queue rather than being
        // refused; a request that waited past the chain's deadline is ignored when its turn comes,
        // since its client has asked again by then.
        this.workers = new ThreadPoolExecutor(settings.maxWorkers(), settings.maxWorkers(), 30, TimeUnit.SECONDS,
                new HandOffQueue(QUEUE_CAPACITY, WAKING), namedDaemonThreads());
        this.workers.allowCoreThreadTimeOut(true);
        this.watchdog = new StepWatchdog(settings.providerBudgetMillis());
    }

    @Override
    public CompletionStage<ChainResult> decide(BootRequest asked) {
        ChainSettings current = settings;
        if (outOfService()) {
            // WDS's "do not respond to any client computers": the server is out of service, whatever
            // a provider would say, so no provider is asked (a one-shot task stays for later).
            ChainResult ignored = new ChainResult(Decision.ignore(OUT_OF_SERVICE), List.of(), 0);
            if (!asked.dryRun()) {
                keep(history, new RequestRecord(Instant.now(), forHistory(asked), ignored));
            }
            return CompletableFuture.completedFuture(ignored);
        }
        FallThroughs falling = fallThroughs;
        long now = System.nanoTime();
        // The firmware's own IPv4 PXE starts a boot; its HTTP boot and its IPv6 options come later in it.
        boolean laterOption = asked.isHttpClient() || asked.serverAddress() instanceof Inet6Address;
        if (falling.enabled() && laterOption) {
            OptionalLong elapsed = falling.elapsed(asked.mac(), now);
            if (elapsed.isPresent()) {
                ChainResult fallThrough = fallThrough(asked, elapsed.getAsLong(), current);
                if (!asked.dryRun()) {
                    keep(history, new RequestRecord(Instant.now(), forHistory(asked), fallThrough));
                }
                return CompletableFuture.completedFuture(fallThrough);
            }
        } else if (!asked.isIpxe() && !asked.dryRun()) {
            // The firmware's own PXE asks: the machine boots anew, and is decided afresh.
            falling.forget(asked.mac());
        }
        BootRequest request = withoutBannedGuid(asked);
        CompletableFuture<ChainResult> chained = new CompletableFuture<>();
        CompletableFuture<ChainResult> result = firmwareThatMayRunIpxe(request, current)
                ? chained.thenCompose(r -> localBootAtOnce(request, r, current)) : chained;
        if (!request.dryRun()) {
            RecentRing<RequestRecord> kept = history;
            result.thenAccept(r -> {
                if (r.decision() instanceof Decision.Service s && s.answer().fallsThrough()) {
                    falling.remember(request.mac(), System.nanoTime());
                }
                keep(kept, new RequestRecord(Instant.now(), forHistory(request), r));
            });
        }
        new ChainRun(request, providers, current, workers, watchdog, request.dryRun() ? null : clocks, chained)
                .start(current.onSocketThread());
        return result;
    }

    /** UEFI firmware's own PXE over IPv4, which the chain may send to iPXE. */
    private static boolean firmwareThatMayRunIpxe(BootRequest request, ChainSettings settings) {
        return !settings.ipxeBuilds().isEmpty() && request.architecture().isUefi() && !request.isIpxe()
                && !request.isHttpClient() && !request.isIpv6();
    }

    /**
     * When the chain sends UEFI firmware an iPXE build and would tell that iPXE to boot locally (the
     * machine has no task), the firmware is sent to its next boot device now instead ({@code abort}):
     * the download, iPXE's start and its own DHCP exchange (several seconds) would end the same way.
     * The chain is asked as that iPXE would ask, as a dry run: nothing is consumed or recorded.
     */
    private CompletionStage<ChainResult> localBootAtOnce(BootRequest request, ChainResult result, ChainSettings settings) {
        if (!(result.decision() instanceof Decision.Service service) || service.answer().fallsThrough()
                || service.answer().isReferral() || !settings.isIpxeBuild(service.answer().bootFile())) {
            return CompletableFuture.completedFuture(result);
        }
        List<String> userClasses = new ArrayList<>(request.userClasses());
        userClasses.add("iPXE");
        BootRequest asIpxe = new BootRequest(request.mac(), request.guid(), request.architecture(), request.vendorClass(),
                userClasses, request.secs(), request.relayAddress(), request.port(), request.serverAddress(),
                request.options(), true);
        return decide(asIpxe).thenApply(ipxe -> {
            if (!(ipxe.decision() instanceof Decision.Service told) || !told.answer().fallsThrough()) {
                return result;
            }
            String reason = "local boot at once: iPXE (" + service.answer().bootFile() + ") would be told to boot "
                    + "locally (" + ipxe.decidedBy() + ": " + told.reason() + "), so the firmware goes on to its next "
                    + "boot device without it (fallthrough.ipxe.builds)";
            List<TraceStep> steps = new ArrayList<>(result.steps());
            steps.add(new TraceStep(ChainResult.FALL_THROUGH, 0, StepOutcome.SERVICE, reason, 0));
            return new ChainResult(Decision.service(BootAnswer.abort(), reason), steps, result.elapsedNanos());
        });
    }

    /**
     * What a machine falling through is told by its firmware's HTTP boot: a URL on this server that
     * is answered "not found" at once, so that the boot option fails now rather than after two
     * minutes of unanswered DISCOVERs, and the firmware goes on to its next boot option.
     */
    static ChainResult fallThrough(BootRequest request, long elapsedNanos, ChainSettings settings) {
        String url = "http://" + UrlHosts.of(request.serverAddress()) + ":" + settings.fallThroughHttpPort() + FALL_THROUGH_PATH;
        String reason = "falls through: sent to its next boot device " + TimeUnit.NANOSECONDS.toSeconds(elapsedNanos)
                + " s ago (fallthrough.seconds " + settings.fallThroughSeconds() + "); "
                + (request.serverAddress() instanceof Inet6Address ? "its IPv6 boot option" : "HTTP boot")
                + " gets an answer that fails at once";
        return new ChainResult(Decision.service(BootAnswer.of(url), reason),
                List.of(new TraceStep(ChainResult.FALL_THROUGH, 0, StepOutcome.SERVICE, reason, 0)), 0);
    }

    private static FallThroughs fallThroughs(ChainSettings settings) {
        return new FallThroughs(TimeUnit.SECONDS.toNanos(settings.fallThroughSeconds()), FallThroughs.CAPACITY);
    }

    @Override
    public boolean outOfService() {
        AnswerPolicyGate g = gate;
        return g != null && g.outOfService();
    }

    void gate(AnswerPolicyGate gate) {
        this.gate = gate;
    }

    @Override
    public List<ProviderStatus> providers() {
        List<ProviderEntry> snapshot = providers;
        List<ProviderStatus> status = new ArrayList<>(snapshot.size());
        int position = 1;
        for (ProviderEntry e : snapshot) {
            Counters c = e.counters();
            status.add(new ProviderStatus(position++, e.name(), e.ranking(), e.serviceId(), e.bundle(),
                    c.get(StepOutcome.SERVICE), c.get(StepOutcome.IGNORE), c.get(StepOutcome.PASS),
                    c.get(StepOutcome.ERROR) + c.get(StepOutcome.REJECTED), c.get(StepOutcome.TIMEOUT)));
        }
        return status;
    }

    /**
     * The request as the history keeps it: its raw options reduced to iPXE's option 175 (which
     * tells an iPXE client), since the options are most of a request's size, and at thousands of
     * requests a second every kept byte is copied by the garbage collector until it is overwritten.
     */
    static BootRequest forHistory(BootRequest request) {
        RawOptions options = request.options().get(IPXE_OPTIONS)
                .map(v -> RawOptions.builder().put(IPXE_OPTIONS, v).build()).orElse(RawOptions.empty());
        return new BootRequest(request.mac(), request.guid(), request.architecture(), request.vendorClass(),
                request.userClasses(), request.secs(), request.relayAddress(), request.port(),
                request.serverAddress(), options, request.dryRun());
    }

    /**
     * A banned GUID is removed before any provider sees the request, so that providers match the
     * client by its MAC; every GUID seen is reported for finding shared ones.
     */
    private BootRequest withoutBannedGuid(BootRequest request) {
        GuidPolicy policy = guidPolicy;
        if (policy == null || request.guid().isEmpty()) {
            return request;
        }
        try {
            if (!request.dryRun()) {
                policy.sighted(request.guid().get(), request.mac());
            }
            return policy.isBanned(request.guid().get()) ? request.withoutGuid() : request;
        } catch (RuntimeException e) {
            LOG.warn("The GUID policy failed; keeping the GUID of {}: {}", request.mac(), e.toString());
            return request;
        }
    }

    void guidPolicy(GuidPolicy policy) {
        guidPolicy = policy;
    }

    /** A decided request, kept for pxe:requests and counted for the metrics. */
    private void keep(RecentRing<RequestRecord> kept, RequestRecord record) {
        kept.add(record);
        requestCounts.count(record);
    }

    @Override
    public List<RequestCount> requestCounts() {
        return requestCounts.snapshot();
    }

    @Override
    public LatencyHistogram decisionHistogram() {
        return clocks.lifetime().histogram();
    }

    @Override
    public Map<String, LatencyHistogram> providerHistograms() {
        Map<String, LatencyHistogram> byName = new LinkedHashMap<>();
        for (ProviderEntry e : providers) {
            byName.put(e.name(), e.counters().times());
        }
        return byName;
    }

    @Override
    public List<RequestRecord> recent(int limit) {
        return history.newest(limit);
    }

    @Override
    public DecisionTimes decisionTimes() {
        return clocks.decisions().snapshot();
    }

    @Override
    public DecisionTimes waitTimes() {
        return clocks.waits().snapshot();
    }

    @Override
    public void resetDecisionTimes() {
        clocks = clocks.reset();
    }

    void add(ProviderEntry entry) {
        update(list -> {
            list.removeIf(e -> e.serviceId() == entry.serviceId());
            list.add(entry);
            return list;
        });
    }

    void rerank(long serviceId, int ranking) {
        update(list -> {
            list.replaceAll(e -> e.serviceId() == serviceId ? e.withRanking(ranking) : e);
            return list;
        });
    }

    void remove(long serviceId) {
        update(list -> {
            list.removeIf(e -> e.serviceId() == serviceId);
            return list;
        });
    }

    void configure(ChainSettings newSettings) {
        // Order matters: the core size may never exceed the maximum.
        if (newSettings.maxWorkers() >= workers.getMaximumPoolSize()) {
            workers.setMaximumPoolSize(newSettings.maxWorkers());
            workers.setCorePoolSize(newSettings.maxWorkers());
        } else {
            workers.setCorePoolSize(newSettings.maxWorkers());
            workers.setMaximumPoolSize(newSettings.maxWorkers());
        }
        if (newSettings.fallThroughSeconds() != settings.fallThroughSeconds()) {
            fallThroughs = fallThroughs(newSettings);
        }
        if (newSettings.historySize() != history.capacity()) {
            history = new RecentRing<>(newSettings.historySize());
        }
        watchdog.budget(newSettings.providerBudgetMillis());
        settings = newSettings;
    }

    ChainSettings settings() {
        return settings;
    }

    void shutdown() {
        // No interrupts, for the same reason as a provider past its budget (ChainRun).
        workers.shutdown();
        watchdog.stop();
    }

    private synchronized void update(UnaryOperator<List<ProviderEntry>> change) {
        List<ProviderEntry> next = change.apply(new ArrayList<>(providers));
        next.sort(ProviderEntry.CHAIN_ORDER);
        providers = List.copyOf(next);
    }

    private static ThreadFactory namedDaemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, "pxe-provider-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
