package org.karafpxe.engine.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Test;
import org.karafpxe.api.Architecture;
import org.karafpxe.api.BootAnswer;
import org.karafpxe.api.BootProvider;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.api.MacAddress;
import org.karafpxe.engine.ChainResult;
import org.karafpxe.engine.ProviderStatus;
import org.karafpxe.engine.RequestCount;
import org.karafpxe.engine.StepOutcome;
import org.karafpxe.engine.TraceStep;

public class ChainEngineTest {

    private ChainEngine engine = new ChainEngine(ChainSettings.from(Map.of(
            "provider.budget.ms", "200", "chain.deadline.ms", "1000")));
    private long nextServiceId = 1;

    @After
    public void stop() {
        engine.shutdown();
    }

    private ProviderEntry add(String name, int ranking, BootProvider provider) {
        ProviderEntry entry = new ProviderEntry(provider, name, ranking, nextServiceId++, "test", new Counters());
        engine.add(entry);
        return entry;
    }

    private static BootRequest request() throws Exception {
        return BootRequest.builder(MacAddress.parse("52:54:00:12:34:56").orElseThrow(),
                InetAddress.getByName("127.0.0.1")).build();
    }

    private ChainResult decide() throws Exception {
        return engine.decide(request()).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** A provider that answers only once released, asked before one that serves at once. */
    private void addStuckThenFast(CountDownLatch release) {
        add("stuck", 20, r -> {
            release.await();
            return Decision.service(BootAnswer.of("late.efi"), "too late");
        });
        add("fast", 10, serving("fast.efi"));
    }

    /** The provider, saying it decides every request without blocking. */
    private static BootProvider withoutBlocking(BootProvider provider) {
        return new BootProvider() {
            @Override
            public Decision decide(BootRequest request) throws Exception {
                return provider.decide(request);
            }

            @Override
            public boolean decidesWithoutBlocking(BootRequest request) {
                return true;
            }
        };
    }

    /** A provider that notes the thread it is asked on, then gives the decision. */
    private static BootProvider notingThread(List<Thread> threads, Decision decision) {
        return r -> {
            threads.add(Thread.currentThread());
            return decision;
        };
    }

    private static BootProvider serving(String file) {
        return r -> Decision.service(BootAnswer.of(file), "serves " + file);
    }

    private static List<String> askedProviders(ChainResult result) {
        return result.steps().stream().map(TraceStep::provider).collect(Collectors.toList());
    }

    @Test
    public void emptyChainIgnores() throws Exception {
        ChainResult result = decide();
        assertTrue(result.decision() instanceof Decision.Ignore);
        assertEquals("no provider in the chain", result.decision().reason());
        assertEquals("chain", result.decidedBy());
    }

    @Test
    public void answerPolicyNoneIgnoresEveryRequestWithoutAskingAnyProvider() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        add("tasks", 400, r -> {
            asked.add("tasks");
            return Decision.service(BootAnswer.of("ipxe/task.ipxe"), "one-shot task");
        });
        engine.gate(AnswerPolicyGate.of(" None "));
        assertTrue(engine.outOfService());
        ChainResult result = decide();
        assertTrue(result.decision() instanceof Decision.Ignore);
        assertEquals(ChainEngine.OUT_OF_SERVICE, result.decision().reason());
        assertTrue(result.steps().isEmpty());
        assertTrue("no provider may be asked, or it could use up a one-shot task", asked.isEmpty());
        assertEquals("the request is kept for pxe:requests", 1, engine.recent(10).size());
        assertEquals(ChainEngine.OUT_OF_SERVICE, engine.recent(10).get(0).result().decision().reason());

        engine.gate(AnswerPolicyGate.of("known"));
        assertFalse(engine.outOfService());
        assertEquals("tasks", decide().decidedBy());
        assertEquals(List.of("tasks"), asked);
    }

    @Test
    public void answerPolicyNoneAlsoAnswersDryRunsWithoutAskingProviders() throws Exception {
        add("server", 10, serving("never.efi"));
        engine.gate(AnswerPolicyGate.of("none"));
        BootRequest dry = BootRequest.builder(MacAddress.parse("52:54:00:12:34:56").orElseThrow(),
                InetAddress.getByName("127.0.0.1")).dryRun(true).build();
        ChainResult result = engine.decide(dry).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(ChainEngine.OUT_OF_SERVICE, result.decision().reason());
        assertTrue(engine.recent(10).isEmpty());
        assertEquals(0, engine.providers().get(0).service());
    }

    @Test
    public void requestsAreCountedByPortClientOutcomeAndProviderAndProvidersAreTimed() throws Exception {
        add("server", 10, serving("boot.efi"));
        decide();
        decide();
        BootRequest dry = BootRequest.builder(MacAddress.parse("52:54:00:12:34:56").orElseThrow(),
                InetAddress.getByName("127.0.0.1")).dryRun(true).build();
        engine.decide(dry).toCompletableFuture().get(5, TimeUnit.SECONDS);
        // The request is counted as the chain completes, just after its caller is told.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (engine.requestCounts().stream().mapToLong(RequestCount::count).sum() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals("dry runs are not counted", List.of(new RequestCount(67, "PXE", "SERVICE", "server", 2)),
                engine.requestCounts());
        assertEquals(2, engine.providerHistograms().get("server").count());
        assertEquals(2, engine.decisionHistogram().count());
    }

    @Test
    public void highestRankingIsAskedFirstAndStopsTheChain() throws Exception {
        add("low", 10, serving("low.efi"));
        add("high", 300, serving("high.efi"));
        add("middle", 100, serving("middle.efi"));
        ChainResult result = decide();
        assertEquals("high.efi", ((Decision.Service) result.decision()).answer().bootFile());
        assertEquals(List.of("high"), askedProviders(result));
        assertEquals(List.of("high", "middle", "low"),
                engine.providers().stream().map(ProviderStatus::name).collect(Collectors.toList()));
    }

    @Test
    public void equalRankingsKeepTheOlderServiceFirst() throws Exception {
        add("first", 5, serving("first"));
        add("second", 5, serving("second"));
        assertEquals("first", decide().decidedBy());
    }

    @Test
    public void passMovesOnAndIgnoreStops() throws Exception {
        add("passer", 30, r -> Decision.pass("not mine"));
        add("ignorer", 20, r -> Decision.ignore("unknown client"));
        add("server", 10, serving("never"));
        ChainResult result = decide();
        assertTrue(result.decision() instanceof Decision.Ignore);
        assertEquals("unknown client", result.decision().reason());
        assertEquals(List.of("passer", "ignorer"), askedProviders(result));
    }

    @Test
    public void allPassingIsIgnored() throws Exception {
        add("a", 2, r -> Decision.pass("no"));
        add("b", 1, r -> Decision.pass("no"));
        ChainResult result = decide();
        assertTrue(result.decision() instanceof Decision.Ignore);
        assertEquals("every provider passed", result.decision().reason());
        assertEquals(2, result.steps().size());
    }

    @Test
    public void throwingOrNullProviderCountsAsPassAndIsCounted() throws Exception {
        add("broken", 30, r -> {
            throw new IllegalStateException("database down");
        });
        add("silent", 20, r -> null);
        add("server", 10, serving("ok.efi"));
        ChainResult result = decide();
        assertEquals("server", result.decidedBy());
        assertEquals(StepOutcome.ERROR, result.steps().get(0).outcome());
        assertTrue(result.steps().get(0).reason().contains("database down"));
        assertEquals(StepOutcome.ERROR, result.steps().get(1).outcome());
        ProviderStatus broken = engine.providers().get(0);
        assertEquals(1, broken.errors());
        assertEquals(1, engine.providers().get(2).service());
    }

    @Test
    public void aStepStartedWhileTheWatchdogSleepsStillTimesOut() throws Exception {
        Thread.sleep(100); // nothing to watch: the watchdog has gone to sleep
        CountDownLatch release = new CountDownLatch(1);
        addStuckThenFast(release);
        try {
            ChainResult result = decide();
            assertEquals(StepOutcome.TIMEOUT, result.steps().get(0).outcome());
            assertEquals("fast", result.decidedBy());
        } finally {
            release.countDown();
        }
    }

    @Test
    public void slowProviderTimesOutAndTheNextStillAnswersInTime() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        addStuckThenFast(release);
        try {
            ChainResult result = decide();
            assertEquals("fast", result.decidedBy());
            assertEquals(StepOutcome.TIMEOUT, result.steps().get(0).outcome());
            assertTrue("took " + result.elapsedNanos(), result.elapsedNanos() < TimeUnit.MILLISECONDS.toNanos(1000));
            assertEquals(1, engine.providers().get(0).timeouts());
        } finally {
            release.countDown();
        }
    }

    @Test
    public void chainDeadlineStopsAskingAndIgnores() throws Exception {
        engine.configure(ChainSettings.from(Map.of("provider.budget.ms", "100",
                "chain.deadline.ms", "150")));
        for (int i = 0; i < 4; i++) {
            add("sleeper" + i, 10 - i, r -> {
                Thread.sleep(10_000);
                return Decision.pass("woke");
            });
        }
        ChainResult result = decide();
        assertTrue(result.decision() instanceof Decision.Ignore);
        assertTrue(result.decision().reason(), result.decision().reason().startsWith("chain deadline of 150 ms"));
        assertEquals(2, result.steps().size());
    }

    @Test
    public void providerLeavingMidRequestDoesNotFailTheRequest() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        ProviderEntry first = add("first", 20, r -> {
            inside.countDown();
            proceed.await();
            return Decision.pass("passing");
        });
        add("second", 10, serving("second.efi"));
        var pending = engine.decide(request()).toCompletableFuture();
        assertTrue(inside.await(5, TimeUnit.SECONDS));
        engine.remove(first.serviceId());
        proceed.countDown();
        ChainResult result = pending.get(5, TimeUnit.SECONDS);
        assertEquals("second", result.decidedBy());
        assertEquals(List.of("second"), askedProviders(decide()));
    }

    @Test
    public void rerankingMovesAProviderAndKeepsItsCounters() throws Exception {
        ProviderEntry a = add("a", 10, serving("a"));
        add("b", 20, serving("b"));
        assertEquals("b", decide().decidedBy());
        engine.rerank(a.serviceId(), 30);
        assertEquals("a", decide().decidedBy());
        assertEquals(1, engine.providers().get(0).service());
    }

    @Test
    public void badSettingsAreReportedAndReplacedByDefaults() {
        ChainSettings s = ChainSettings.from(Map.of("provider.budget.ms", "fast",
                "chain.deadline.ms", "0", "workers.max", "64"));
        assertEquals(ChainSettings.defaults().providerBudgetMillis(), s.providerBudgetMillis());
        assertEquals(ChainSettings.defaults().chainDeadlineMillis(), s.chainDeadlineMillis());
        assertEquals(2, s.problems().size());
        assertTrue(s.problems().get(0), s.problems().get(0).contains("provider.budget.ms = 'fast'"));
        assertTrue(s.problems().get(0), s.problems().get(0).contains("from 1 to 60000"));
    }

    @Test
    public void recentRequestsAreKeptNewestFirstAndDryRunsAreNot() throws Exception {
        engine.configure(ChainSettings.from(Map.of("history.size", "3")));
        add("server", 10, r -> Decision.service(BootAnswer.of("secs-" + r.secs() + ".efi"), "by secs"));
        for (int secs = 0; secs < 5; secs++) {
            BootRequest r = BootRequest.builder(MacAddress.parse("52:54:00:12:34:56").orElseThrow(),
                    InetAddress.getByName("127.0.0.1")).secs(secs).build();
            engine.decide(r).toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        BootRequest dry = BootRequest.builder(MacAddress.parse("52:54:00:12:34:56").orElseThrow(),
                InetAddress.getByName("127.0.0.1")).secs(99).dryRun(true).build();
        assertEquals("secs-99.efi", ((Decision.Service) engine.decide(dry).toCompletableFuture()
                .get(5, TimeUnit.SECONDS).decision()).answer().bootFile());
        List<String> files = engine.recent(10).stream().map(r -> r.bootFile().orElseThrow())
                .collect(Collectors.toList());
        assertEquals(List.of("secs-4.efi", "secs-3.efi", "secs-2.efi"), files);
        assertEquals(1, engine.recent(1).size());
        assertEquals("SERVICE", engine.recent(1).get(0).outcome());
    }

    @Test
    public void bannedGuidIsStrippedBeforeProvidersAndSightingsAreReported() throws Exception {
        java.util.UUID banned = java.util.UUID.fromString("00000000-0000-0000-0000-000000000001");
        java.util.UUID good = java.util.UUID.fromString("8b6b6f3e-1c9a-4e55-9d3a-0a1b2c3d4e5f");
        List<String> sightings = new CopyOnWriteArrayList<>();
        engine.guidPolicy(new org.karafpxe.api.GuidPolicy() {
            @Override
            public boolean isBanned(java.util.UUID guid) {
                return guid.equals(banned);
            }

            @Override
            public void sighted(java.util.UUID guid, MacAddress mac) {
                sightings.add(guid + "@" + mac);
            }
        });
        // The provider reports the GUID it can see, parsed or in the raw option 97.
        add("echo", 10, r -> Decision.service(BootAnswer.of(r.guid().map(Object::toString).orElse("by-mac")
                + (r.options().contains(97) ? "+97" : "")), "echo"));
        MacAddress mac = MacAddress.parse("52:54:00:12:34:56").orElseThrow();
        for (java.util.UUID guid : List.of(banned, good)) {
            byte[] option97 = new byte[17];
            BootRequest r = BootRequest.builder(mac, InetAddress.getByName("127.0.0.1")).guid(guid)
                    .options(org.karafpxe.api.RawOptions.builder().put(60, "PXEClient".getBytes())
                            .put(97, option97).build()).build();
            ChainResult result = engine.decide(r).toCompletableFuture().get(5, TimeUnit.SECONDS);
            String file = ((Decision.Service) result.decision()).answer().bootFile();
            assertEquals(guid.equals(banned) ? "by-mac" : good + "+97", file);
        }
        assertEquals(List.of(banned + "@" + mac, good + "@" + mac), sightings);
    }

    @Test
    public void aBurstLargerThanTheWorkersWaitsForThemInsteadOfBeingRefused() throws Exception {
        engine.shutdown();
        engine = new ChainEngine(ChainSettings.from(Map.of("provider.budget.ms", "30000",
                "chain.deadline.ms", "30000", "workers.max", "2")));
        CountDownLatch release = new CountDownLatch(1);
        add("slow", 10, r -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Decision.service(BootAnswer.of("slow.efi"), "after the burst");
        });
        List<CompletableFuture<ChainResult>> burst = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            burst.add(engine.decide(request()).toCompletableFuture());
        }
        release.countDown();
        for (CompletableFuture<ChainResult> each : burst) {
            ChainResult result = each.get(20, TimeUnit.SECONDS);
            assertTrue(result.describe(), result.decision() instanceof Decision.Service);
        }
        assertEquals(50, engine.providers().get(0).service());
    }

    @Test
    public void decisionTimesCountRealRequestsButNotDryRuns() throws Exception {
        add("serving", 10, serving("x.efi"));
        BootRequest dryRun = BootRequest.builder(MacAddress.parse("52:54:00:12:34:57").orElseThrow(),
                InetAddress.getByName("127.0.0.1")).dryRun(true).build();
        engine.decide(dryRun).toCompletableFuture().get(5, TimeUnit.SECONDS);
        decide();
        // Recorded as the decision completes, which may be just after the caller sees it.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (engine.decisionTimes().decisions() == 0 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        Thread.sleep(50);
        assertEquals(1, engine.decisionTimes().decisions());
        assertTrue(engine.decisionTimes().max().toNanos() > 0);

        engine.resetDecisionTimes();
        assertEquals(0, engine.decisionTimes().decisions());
        decide();
        end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (engine.decisionTimes().decisions() == 0 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertEquals("counted afresh after the reset", 1, engine.decisionTimes().decisions());
    }

    @Test
    public void everyRequestStuckOnOneProviderTimesOutAndGoesOn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        addStuckThenFast(release);
        try {
            List<CompletableFuture<ChainResult>> pending = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                pending.add(engine.decide(request()).toCompletableFuture());
            }
            for (CompletableFuture<ChainResult> f : pending) {
                ChainResult result = f.get(5, TimeUnit.SECONDS);
                assertEquals("fast", result.decidedBy());
                assertEquals(List.of(StepOutcome.TIMEOUT, StepOutcome.SERVICE),
                        result.steps().stream().map(TraceStep::outcome).collect(Collectors.toList()));
            }
            assertEquals(20, engine.providers().get(0).timeouts());
        } finally {
            release.countDown();
        }
    }

    @Test
    public void aWaitForTheOnlyWorkerCountsAsWaitNotAsDeciding() throws Exception {
        engine.shutdown();
        engine = new ChainEngine(ChainSettings.from(Map.of("workers.max", "1")));
        CountDownLatch firstAsked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        add("first slow, then fast", 10, r -> {
            if (firstAsked.getCount() > 0) {
                firstAsked.countDown();
                release.await();
            }
            return Decision.service(BootAnswer.of("x.efi"), "serves");
        });
        CompletableFuture<ChainResult> slow = engine.decide(request()).toCompletableFuture();
        assertTrue(firstAsked.await(5, TimeUnit.SECONDS));
        CompletableFuture<ChainResult> queued = engine.decide(request()).toCompletableFuture();
        Thread.sleep(200);
        release.countDown();
        slow.get(5, TimeUnit.SECONDS);
        queued.get(5, TimeUnit.SECONDS);

        long ms = TimeUnit.MILLISECONDS.toNanos(1);
        assertEquals(2, engine.decisionTimes().decisions());
        assertEquals(2, engine.waitTimes().decisions());
        assertTrue("the first request decided slowly", engine.decisionTimes().max().toNanos() >= 150 * ms);
        assertTrue("the second decided fast", engine.decisionTimes().p50().toNanos() < 100 * ms);
        assertTrue("the second waited for the worker", engine.waitTimes().max().toNanos() >= 150 * ms);
        assertTrue("the first did not wait", engine.waitTimes().p50().toNanos() < 100 * ms);
    }

    @Test
    public void aProviderPastItsBudgetIsNotInterrupted() throws Exception {
        CountDownLatch finished = new CountDownLatch(1);
        boolean[] interrupted = {false};
        add("slow", 10, r -> {
            try {
                Thread.sleep(600);
            } catch (InterruptedException e) {
                interrupted[0] = true;
            }
            finished.countDown();
            return Decision.pass("too late");
        });
        ChainResult result = decide();
        assertEquals(StepOutcome.TIMEOUT, result.steps().get(0).outcome());
        assertTrue("the provider ran to its end", finished.await(5, TimeUnit.SECONDS));
        assertFalse("an interrupt can close an embedded database's files", interrupted[0]);
    }

    @Test
    public void theHistoryKeepsARequestWithoutItsOptionsButStillKnowsIpxe() throws Exception {
        add("serving", 10, serving("x.efi"));
        BootRequest ipxe = BootRequest.builder(MacAddress.parse("52:54:00:12:34:58").orElseThrow(),
                InetAddress.getByName("127.0.0.1")).vendorClass("PXEClient:Arch:00000:UNDI:002001")
                .options(org.karafpxe.api.RawOptions.of(Map.of(175, new byte[] {19, 1, 1}, 60, new byte[] {'P'},
                        93, new byte[] {0, 0})))
                .build();
        engine.decide(ipxe).toCompletableFuture().get(5, TimeUnit.SECONDS);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (engine.recent(1).isEmpty() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        BootRequest kept = engine.recent(1).get(0).request();
        assertEquals(java.util.Set.of(175), kept.options().codes());
        assertTrue(kept.isIpxe());
        assertEquals(ipxe.mac(), kept.mac());
        assertEquals(ipxe.architecture(), kept.architecture());
        assertEquals(ipxe.vendorClass(), kept.vendorClass());
    }

    @Test
    public void providersThatDecideWithoutBlockingAreAskedOnTheCallersThread() throws Exception {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        add("passes", 20, withoutBlocking(notingThread(threads, Decision.pass("not mine"))));
        add("serves", 10, withoutBlocking(notingThread(threads, Decision.service(BootAnswer.of("a.efi"), "mine"))));
        CompletableFuture<ChainResult> result = engine.decide(request()).toCompletableFuture();
        assertTrue("decided before decide returned", result.isDone());
        assertEquals("serves", result.get().decidedBy());
        assertEquals(List.of(Thread.currentThread(), Thread.currentThread()), threads);
        assertEquals("no wait for a worker", 0, engine.waitTimes().max().toNanos());
    }

    @Test
    public void theFirstProviderThatMayBlockTakesTheRestOfTheRequestToAWorker() throws Exception {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        add("from memory", 30, withoutBlocking(notingThread(threads, Decision.pass("not mine"))));
        add("database", 20, notingThread(threads, Decision.pass("not mine either")));
        add("defaults", 10, withoutBlocking(notingThread(threads, Decision.service(BootAnswer.of("a.efi"), "mine"))));
        ChainResult result = decide();
        assertEquals("defaults", result.decidedBy());
        assertEquals(3, threads.size());
        assertEquals(Thread.currentThread(), threads.get(0));
        assertTrue(threads.get(1).getName(), threads.get(1).getName().startsWith("pxe-provider-"));
        assertEquals("the rest stays on that worker", threads.get(1), threads.get(2));
        assertEquals(1, engine.waitTimes().decisions());
    }

    @Test
    public void withTheSettingOffEveryProviderIsAskedOnAWorker() throws Exception {
        engine.configure(ChainSettings.from(Map.of("decide.on.socket.thread", "false")));
        List<Thread> threads = new CopyOnWriteArrayList<>();
        add("from memory", 10, withoutBlocking(notingThread(threads, Decision.service(BootAnswer.of("a.efi"), "x"))));
        assertEquals("from memory", decide().decidedBy());
        assertTrue(threads.get(0).getName(), threads.get(0).getName().startsWith("pxe-provider-"));
    }

    @Test
    public void aProviderThatCannotTellWhetherItBlocksIsAskedOnAWorker() throws Exception {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        BootProvider noting = notingThread(threads, Decision.service(BootAnswer.of("a.efi"), "x"));
        add("unsure", 10, new BootProvider() {
            @Override
            public Decision decide(BootRequest request) throws Exception {
                return noting.decide(request);
            }

            @Override
            public boolean decidesWithoutBlocking(BootRequest request) {
                throw new IllegalStateException("not configured yet");
            }
        });
        assertEquals("unsure", decide().decidedBy());
        assertTrue(threads.get(0).getName(), threads.get(0).getName().startsWith("pxe-provider-"));
    }

    @Test
    public void aProviderThatBlocksOnTheCallersThreadAfterAllStillTimesOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        add("claims not to block", 20, withoutBlocking(r -> {
            release.await();
            return Decision.service(BootAnswer.of("late.efi"), "too late");
        }));
        add("fast", 10, serving("fast.efi"));
        BootRequest request = request();
        CompletableFuture<ChainResult> returned = new CompletableFuture<>();
        Thread caller = new Thread(() -> returned.complete(engine.decide(request).toCompletableFuture().join()));
        caller.start();
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (engine.recent(1).isEmpty() && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertEquals("decided while the caller is still held", 1, engine.recent(1).size());
            assertEquals("fast", engine.recent(1).get(0).result().decidedBy());
            assertTrue(caller.isAlive());
        } finally {
            release.countDown();
        }
        ChainResult result = returned.get(5, TimeUnit.SECONDS);
        assertEquals("fast", result.decidedBy());
        assertEquals(StepOutcome.TIMEOUT, result.steps().get(0).outcome());
    }

    @Test
    public void aBadSocketThreadSettingIsReported() {
        ChainSettings s = ChainSettings.from(Map.of("decide.on.socket.thread", "yes"));
        assertTrue(s.onSocketThread());
        assertEquals(1, s.problems().size());
        assertTrue(s.problems().get(0), s.problems().get(0).contains("decide.on.socket.thread = 'yes'"));
        assertTrue(s.problems().get(0), s.problems().get(0).contains("neither true nor false"));
    }

    private static BootRequest.Builder from(String mac) throws Exception {
        return BootRequest.builder(MacAddress.parse(mac).orElseThrow(), InetAddress.getByName("10.0.0.1"));
    }

    /** Decides a request and waits until the chain has kept it (and so noted what it must). */
    private ChainResult decideAndKeep(BootRequest request) throws Exception {
        int before = engine.recent(Integer.MAX_VALUE).size();
        ChainResult result = engine.decide(request).toCompletableFuture().get(5, TimeUnit.SECONDS);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (engine.recent(Integer.MAX_VALUE).size() == before && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        return result;
    }

    @Test
    public void aMachineSentToItsDiskHasItsHttpBootOptionFailAtOnceUntilItBootsAgain() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        add("ipxe", 400, r -> {
            asked.add(r.vendorClass().orElse("?"));
            if (r.isIpxe()) {
                return Decision.service(BootAnswer.localBootScript("ipxe/t/abc.ipxe"), "no task: local boot");
            }
            return Decision.service(BootAnswer.of(r.isHttpClient() ? "http://10.0.0.1:8080/boot/snponly.efi"
                    : "snponly.efi"), "default");
        });
        String mac = "52:54:00:00:00:01";
        BootRequest firmware = from(mac).vendorClass("PXEClient:Arch:00007:UNDI:003000").build();
        BootRequest ipxe = from(mac).vendorClass("PXEClient:Arch:00007:UNDI:003010").userClasses(List.of("iPXE"))
                .build();
        BootRequest http = from(mac).vendorClass("HTTPClient:Arch:00016:UNDI:003000").build();

        decideAndKeep(firmware);
        decideAndKeep(ipxe);
        ChainResult fallThrough = decideAndKeep(http);
        assertEquals("the HTTP boot option is not put to the providers", 2, asked.size());
        assertEquals(ChainResult.FALL_THROUGH, fallThrough.decidedBy());
        Decision.Service service = (Decision.Service) fallThrough.decision();
        assertEquals("http://10.0.0.1:8080" + ChainEngine.FALL_THROUGH_PATH, service.answer().bootFile());
        assertTrue(service.reason(), service.reason().startsWith("falls through: sent to its next boot device 0 s ago"));
        assertEquals("kept for pxe:requests", service.reason(), engine.recent(1).get(0).result().decision().reason());
        BootRequest explained = from(mac).vendorClass("HTTPClient:Arch:00016").dryRun(true).build();
        assertTrue("pxe:explain shows it", engine.decide(explained).toCompletableFuture().get(5, TimeUnit.SECONDS)
                .decision().reason().startsWith("falls through"));

        BootRequest other = from("52:54:00:00:00:02").vendorClass("HTTPClient:Arch:00016:UNDI:003000").build();
        assertEquals("another machine is decided as ever", "ipxe", decideAndKeep(other).decidedBy());

        // The machine boots again: its firmware's PXE is decided afresh, and so is its HTTP boot.
        decideAndKeep(firmware);
        assertEquals("ipxe", decideAndKeep(http).decidedBy());
    }

    @Test
    public void itsIpv6BootOptionsFallThroughTooWithoutEndingTheMemory() throws Exception {
        add("policy", 200, r -> Decision.service(r.isIpxe() ? BootAnswer.forProgram(BootAnswer.LOCAL_BOOT_SCRIPT)
                : BootAnswer.of("snponly.efi"), "default"));
        String mac = "52:54:00:00:00:05";
        decideAndKeep(from(mac).vendorClass("PXEClient:Arch:00007:UNDI:003010").userClasses(List.of("iPXE")).build());
        InetAddress linkLocal = InetAddress.getByName("fe80::1%1");
        BootRequest pxe6 = BootRequest.builder(MacAddress.parse(mac).orElseThrow(), linkLocal)
                .vendorClass("PXEClient:Arch:00007:UNDI:003000").build();
        ChainResult result = decideAndKeep(pxe6);
        assertEquals(ChainResult.FALL_THROUGH, result.decidedBy());
        assertEquals("http://[fe80::1]:8080" + ChainEngine.FALL_THROUGH_PATH,
                ((Decision.Service) result.decision()).answer().bootFile());
        assertEquals("PXE over IPv6 is a later option of the same boot: the memory stays",
                ChainResult.FALL_THROUGH, decideAndKeep(from(mac).vendorClass("HTTPClient:Arch:00016").build())
                        .decidedBy());
    }

    /** A chain that sends UEFI firmware snponly.efi, and its iPXE the task's script or the local-boot script. */
    private List<BootRequest> ipxeChain(String macWithTask) {
        List<BootRequest> asked = new CopyOnWriteArrayList<>();
        add("ipxe", 400, r -> {
            asked.add(r);
            if (!r.isIpxe()) {
                return Decision.pass("not iPXE yet");
            }
            return r.mac().toString().equals(macWithTask) ? Decision.service(BootAnswer.of("ipxe/s/t.ipxe"), "its task")
                    : Decision.service(BootAnswer.localBootScript("ipxe/s/l.ipxe"), "no task: local boot");
        });
        add("policy", 200, r -> Decision.service(BootAnswer.of(r.architecture().isUefi() ? "ipxe/snponly.efi"
                : "undionly.kpxe"), "default"));
        return asked;
    }

    @Test
    public void uefiFirmwareThatIpxeWouldSendToItsDiskIsSentThereAtOnce() throws Exception {
        List<BootRequest> asked = ipxeChain("52:54:00:00:00:32");
        String mac = "52:54:00:00:00:31";
        BootRequest firmware = from(mac).architecture(Architecture.X64_UEFI)
                .vendorClass("PXEClient:Arch:00007:UNDI:003000").build();
        ChainResult result = decideAndKeep(firmware);
        Decision.Service service = (Decision.Service) result.decision();
        assertTrue(service.answer().localBoot());
        assertEquals(ChainResult.FALL_THROUGH, result.decidedBy());
        assertTrue(service.reason(), service.reason().contains("iPXE (ipxe/snponly.efi) would be told to boot locally "
                + "(ipxe: no task: local boot)"));
        assertEquals("asked as the firmware, then as its iPXE", 2, asked.size());
        assertTrue("the second question is a dry run", asked.get(1).isIpxe() && asked.get(1).dryRun());
        assertEquals("kept for pxe:requests as sent", service.reason(),
                engine.recent(1).get(0).result().decision().reason());
        assertEquals("remembered: its HTTP boot falls through", ChainResult.FALL_THROUGH,
                decideAndKeep(from(mac).architecture(Architecture.X64_UEFI_HTTP).vendorClass("HTTPClient:Arch:00016")
                        .build()).decidedBy());
        assertTrue("pxe:explain says the same", engine.decide(from(mac).architecture(Architecture.X64_UEFI)
                .dryRun(true).build()).toCompletableFuture().get(5, TimeUnit.SECONDS).decision().reason()
                .startsWith("local boot at once"));

        String withTask = "52:54:00:00:00:32";
        ChainResult task = decideAndKeep(from(withTask).architecture(Architecture.X64_UEFI).build());
        assertEquals("a machine with a task gets iPXE", "ipxe/snponly.efi",
                ((Decision.Service) task.decision()).answer().bootFile());
        ChainResult bios = decideAndKeep(from(mac).build());
        assertEquals("BIOS firmware runs iPXE as before", "undionly.kpxe",
                ((Decision.Service) bios.decision()).answer().bootFile());
        ChainResult ipxe = decideAndKeep(from(mac).architecture(Architecture.X64_UEFI).userClasses(List.of("iPXE"))
                .build());
        assertEquals("iPXE itself is answered as ever", "ipxe", ipxe.decidedBy());
    }

    @Test
    public void uefiFirmwareSentAProgramThatIsNotIpxeIsNotSentToItsDisk() throws Exception {
        add("ipxe", 400, r -> r.isIpxe() ? Decision.service(BootAnswer.localBootScript("ipxe/s/l.ipxe"), "no task")
                : Decision.pass("not iPXE yet"));
        add("policy", 200, r -> Decision.service(BootAnswer.of("boot/x64/wdsmgfw.efi"), "default"));
        ChainResult result = decideAndKeep(from("52:54:00:00:00:33").architecture(Architecture.X64_UEFI).build());
        assertEquals("boot/x64/wdsmgfw.efi", ((Decision.Service) result.decision()).answer().bootFile());
    }

    @Test
    public void localBootAtOnceCanBeTurnedOff() throws Exception {
        engine.shutdown();
        engine = new ChainEngine(ChainSettings.from(Map.of("fallthrough.ipxe.builds", "None")));
        ipxeChain("");
        ChainResult result = decideAndKeep(from("52:54:00:00:00:34").architecture(Architecture.X64_UEFI).build());
        assertEquals("ipxe/snponly.efi", ((Decision.Service) result.decision()).answer().bootFile());
        ChainSettings paths = ChainSettings.from(Map.of("fallthrough.ipxe.builds", "ipxe/x.efi, My.EFI"));
        assertEquals(1, paths.problems().size());
        assertTrue(paths.problems().get(0), paths.problems().get(0).contains("'ipxe/x.efi' is a path"));
        assertTrue(paths.isIpxeBuild("folder/my.efi"));
        assertFalse(paths.isIpxeBuild("http://10.0.0.1/my.efi"));
    }

    @Test
    public void aMachineWithATaskIsNotSentToItsDisk() throws Exception {
        add("ipxe", 400, r -> Decision.service(BootAnswer.of(r.isHttpClient() ? "http://10.0.0.1/boot/task.efi"
                : "ipxe/t/task.ipxe"), "its task"));
        String mac = "52:54:00:00:00:03";
        decideAndKeep(from(mac).vendorClass("PXEClient:Arch:00007:UNDI:003010").userClasses(List.of("iPXE")).build());
        assertEquals("ipxe", decideAndKeep(from(mac).vendorClass("HTTPClient:Arch:00016").build()).decidedBy());
    }

    @Test
    public void fallThroughCanBeTurnedOff() throws Exception {
        engine.shutdown();
        engine = new ChainEngine(ChainSettings.from(Map.of("fallthrough.seconds", "0")));
        add("policy", 200, r -> Decision.service(r.isHttpClient() ? BootAnswer.of("http://10.0.0.1/boot/x.efi")
                : BootAnswer.abort(), "abort"));
        String mac = "52:54:00:00:00:04";
        decideAndKeep(from(mac).vendorClass("PXEClient:Arch:00007").build());
        assertEquals("policy", decideAndKeep(from(mac).vendorClass("HTTPClient:Arch:00016").build()).decidedBy());
    }

    @Test
    public void fallThroughsExpireAndAreCapped() {
        FallThroughs f = new FallThroughs(100, 2);
        MacAddress a = MacAddress.parse("52:54:00:00:00:0a").orElseThrow();
        MacAddress b = MacAddress.parse("52:54:00:00:00:0b").orElseThrow();
        MacAddress c = MacAddress.parse("52:54:00:00:00:0c").orElseThrow();
        f.remember(a, 0);
        f.remember(b, 50);
        f.remember(c, 60);
        assertFalse("full: a new machine is not kept", f.elapsed(c, 60).isPresent());
        assertEquals(99, f.elapsed(a, 99).getAsLong());
        assertFalse("expired", f.elapsed(a, 100).isPresent());
        f.remember(c, 120);
        assertTrue("room again once an entry expired", f.elapsed(c, 130).isPresent());
        assertFalse("b expired in the sweep", f.elapsed(b, 160).isPresent());
        assertEquals(1, f.size());
    }
}
