package org.karafpxe.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Real firmware (QEMU's SeaBIOS with its iPXE ROM, and OVMF's own UEFI PXE client) boots from
 * the built distribution in network namespaces. Each scenario is a script under
 * {@code src/test/resources/e2e/scenarios}; a failure carries the script's output, which ends with
 * the serial console and the server's decisions.
 *
 * <p>Two scenarios run at a time (each has its own namespaces, named by its shell's PID), all
 * started when the class starts; each test waits for its own. A scenario that asserts how long
 * the firmware takes runs alone, so the time it prints is the firmware's, not the neighbour's.
 */
public class FirmwareBootIT {
    private static final long SCENARIO_TIMEOUT_SECONDS = 480;
    /** A scenario's exit code when a tool it needs is not installed (E2E_MISSING_TOOLS in lib.sh). */
    private static final int MISSING_TOOLS = 3;
    private static final int AT_A_TIME = 2;
    /** The scenarios that assert a boot time: each runs with no other beside it. */
    private static final Set<String> TIMED = Set.of("pending-approval", "uefi-fall-through-dhcpv6", "uefi-fast-fall-through");
    /** Every scenario, in the order they are started. */
    private static final List<String> SCENARIOS = List.of(
            "bios-ipxe-rom",
            "uefi-native-pxe",
            "bios-one-shot-task",
            "bios-one-time-program",
            "uefi-one-shot-task",
            "uefi-secure-boot",
            "uefi-fast-fall-through",
            "uefi-fall-through-dhcpv6",
            "uefi-ipv6-only",
            "unknown-known-policy",
            "response-delay",
            "wds-none-and-referral",
            "store-durability",
            "prompt-not-pressed",
            "prompt-policies",
            "uefi-http-boot",
            "hot-deploy-provider",
            "abort-now",
            "architecture-discovery",
            "relayed-client",
            "dhcp-server-same-host",
            "guid-identification",
            "prestaged-boot-programs",
            "pending-approval");

    private static final ReentrantReadWriteLock ALONE = new ReentrantReadWriteLock(true);
    private static final Map<String, CompletableFuture<Result>> RESULTS = new LinkedHashMap<>();
    private static ExecutorService runner;

    private record Result(int exitCode, String log) {
    }

    @BeforeClass
    public static void needsRoot() throws Exception {
        boolean root = "0".equals(run(List.of("id", "-u"), 10).trim());
        boolean ci = "true".equals(System.getenv("CI"));
        if (!root && ci) {
            throw new AssertionError("the end-to-end suite needs root in CI (network namespaces, tap devices)");
        }
        assumeTrue("skipped: the end-to-end suite needs root (network namespaces, tap devices)", root);
        runner = Executors.newFixedThreadPool(AT_A_TIME);
        for (String name : SCENARIOS) {
            RESULTS.put(name, CompletableFuture.supplyAsync(() -> runAlongside(name), runner));
        }
    }

    @AfterClass
    public static void stopRunner() {
        if (runner != null) {
            runner.shutdownNow();
        }
    }

    @Test
    public void biosWithIpxeRomRunsTheScriptItIsGiven() throws Exception {
        scenario("bios-ipxe-rom");
    }

    @Test
    public void uefiNativePxeChainsToIpxeThroughPort4011() throws Exception {
        scenario("uefi-native-pxe");
    }

    @Test
    public void biosPrestagedOneShotTaskRunsOnceThenTheDiskBoots() throws Exception {
        scenario("bios-one-shot-task");
    }

    @Test
    public void biosOneTimeBootProgramRunsOnceThenTheDiskBoots() throws Exception {
        scenario("bios-one-time-program");
    }

    @Test
    public void uefiPrestagedOneShotTaskRunsOnceThenExit1BootsTheDisk() throws Exception {
        scenario("uefi-one-shot-task");
    }

    @Test
    public void secureBootRefusesIpxeAndBootsTheSignedChainThenTheDisk() throws Exception {
        scenario("uefi-secure-boot");
    }

    @Test
    public void uefiMachineSentToItsDiskHasItsHttpBootOptionGiveUpAtOnce() throws Exception {
        scenario("uefi-fast-fall-through");
    }

    @Test
    public void uefiMachineSentToItsDiskBesideAStatefulDhcpv6ServerEndsItsIpv6OptionsAtOnce() throws Exception {
        scenario("uefi-fall-through-dhcpv6");
    }

    @Test
    public void uefiMachineOnAnIpv6OnlySegmentBootsItsTaskOverPxeAndHttpBoot() throws Exception {
        scenario("uefi-ipv6-only");
    }

    @Test
    public void unknownMachineWithPolicyKnownBootsItsDisk() throws Exception {
        scenario("unknown-known-policy");
    }

    @Test
    public void responseDelayLetsTheOtherServerAnswerFirst() throws Exception {
        scenario("response-delay");
    }

    @Test
    public void answerPolicyNoneIsOutOfServiceAndAReferralAloneRefersBiosAndUefi() throws Exception {
        scenario("wds-none-and-referral");
    }

    @Test
    public void acknowledgedDevicesSurviveSigkillOfTheServer() throws Exception {
        scenario("store-durability");
    }

    @Test
    public void promptNotPressedBootsTheDiskAndKeepsTheTask() throws Exception {
        scenario("prompt-not-pressed");
    }

    @Test
    public void promptPoliciesOptOutAndNoPromptWithAKeyPressedOrNot() throws Exception {
        scenario("prompt-policies");
    }

    @Test
    public void uefiHttpBootGetsItsBootFileOverHttp() throws Exception {
        scenario("uefi-http-boot");
    }

    @Test
    public void hotDeployedProviderChangesTheNextBoot() throws Exception {
        scenario("hot-deploy-provider");
    }

    @Test
    public void abortSendsBiosAndUefiStraightToLocalBoot() throws Exception {
        scenario("abort-now");
    }

    @Test
    public void architectureDiscoverySendsX64OrX86ProgramsByCpu() throws Exception {
        scenario("architecture-discovery");
    }

    @Test
    public void relayedClientIsToldTheServerAddressFacingTheRelay() throws Exception {
        scenario("relayed-client");
    }

    @Test
    public void dhcpServerOnTheSameHostSendsClientsToPort4011() throws Exception {
        scenario("dhcp-server-same-host");
    }

    @Test
    public void machineIsRecognisedByGuidThenByMacOnceTheGuidIsBanned() throws Exception {
        scenario("guid-identification");
    }

    @Test
    public void deviceProgramAndPrestagedDefaultWinOverThePolicyDefault() throws Exception {
        scenario("prestaged-boot-programs");
    }

    @Test
    public void anUnknownMachineWaitsForApprovalAndARejectedOneBootsItsDisk() throws Exception {
        scenario("pending-approval");
    }

    private static void scenario(String name) throws Exception {
        CompletableFuture<Result> pending = RESULTS.get(name);
        if (pending == null) {
            throw new AssertionError("scenario " + name + " is not in SCENARIOS");
        }
        Result result = pending.get(SCENARIO_TIMEOUT_SECONDS * SCENARIOS.size(), TimeUnit.SECONDS);
        System.out.println(result.log());
        if (result.exitCode() == MISSING_TOOLS) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("scenario " + name + " could not run in CI: " + result.log().trim());
            }
            assumeTrue("skipped: " + result.log().trim(), false);
        }
        assertEquals("scenario " + name + " failed:\n" + result.log(), 0, result.exitCode());
    }

    private static Result runAlongside(String name) {
        Lock lock = TIMED.contains(name) ? ALONE.writeLock() : ALONE.readLock();
        lock.lock();
        try {
            return runScript(name);
        } catch (IOException e) {
            return new Result(-1, "scenario " + name + " could not be started: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "scenario " + name + " was interrupted");
        } finally {
            lock.unlock();
        }
    }

    /** Runs one scenario script; its exit code, or -1 if it outlived its timeout. */
    private static Result runScript(String name) throws IOException, InterruptedException {
        Path scripts = Paths.get(System.getProperty("e2e.scripts"));
        Path work = Paths.get(System.getProperty("e2e.work"), name);
        deleteRecursively(work);
        Files.createDirectories(work);
        Path output = work.resolve("scenario.log");
        ProcessBuilder pb = new ProcessBuilder("bash", scripts.resolve("scenarios/" + name + ".sh").toString())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("E2E_DISTRO", System.getProperty("e2e.distro"));
        pb.environment().put("E2E_WORK", work.toString());
        pb.environment().put("E2E_PROVIDER_JAR", System.getProperty("e2e.provider.jar"));
        long started = System.nanoTime();
        Process process = pb.start();
        if (!process.waitFor(SCENARIO_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
        String log = Files.readString(output, StandardCharsets.UTF_8)
                + String.format("[scenario %s: %d s%s]%n", name, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started),
                        TIMED.contains(name) ? ", alone" : "");
        return new Result(process.isAlive() ? -1 : process.exitValue(), log);
    }

    private static String run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (Files.exists(path)) {
            try (var walk = Files.walk(path)) {
                walk.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
