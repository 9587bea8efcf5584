package org.karafpxe.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.karafpxe.api.Architecture;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.api.MacAddress;
import org.karafpxe.engine.BootChain;
import org.karafpxe.engine.ChainResult;
import org.karafpxe.engine.ProviderStatus;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The built distribution boots with the PXE features, its chain answers, and providers hot-deploy. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DistributionIT extends PxeTestSupport {

    @Inject
    private FeaturesService features;

    @Inject
    private BootChain chain;

    @Configuration
    public Option[] config() {
        return distribution();
    }

    private String bootFileFor(Architecture arch) throws Exception {
        BootRequest request = BootRequest.builder(MacAddress.parse("52:54:00:12:34:56").orElseThrow(),
                InetAddress.getLoopbackAddress()).architecture(arch).build();
        ChainResult result = chain.decide(request).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertTrue(result.describe(), result.decision() instanceof Decision.Service);
        return ((Decision.Service) result.decision()).answer().bootFile();
    }

    private String firstProvider() {
        List<ProviderStatus> providers = chain.providers();
        return providers.isEmpty() ? "" : providers.get(0).name() + "@" + providers.get(0).ranking();
    }

    @Test
    public void bootsWithThePxeFeatures() throws Exception {
        for (String feature : List.of("karaf-pxe", "karaf-pxe-core", "karaf-pxe-store", "karaf-pxe-shell", "karaf-pxe-provider-prestaged", "karaf-pxe-provider-ipxe", "karaf-pxe-provider-grub", "karaf-pxe-http",
                "karaf-pxe-provider-policy", "scr")) {
            assertTrue(feature + " is installed", features.isInstalled(features.getFeature(feature)));
        }
    }

    @Test
    public void chainIsGrubIpxePrestagedPolicyAtTheirConfiguredRankings() throws Exception {
        List<ProviderStatus> providers = chain.providers();
        assertEquals(providers.toString(), 4, providers.size());
        // The rankings come from etc/*.cfg as strings ("450", "400", ...); the chain must honour them.
        assertEquals("grub", providers.get(0).name());
        assertEquals(450, providers.get(0).ranking());
        assertEquals("ipxe", providers.get(1).name());
        assertEquals(400, providers.get(1).ranking());
        assertEquals("prestaged", providers.get(2).name());
        assertEquals(300, providers.get(2).ranking());
        assertEquals("policy", providers.get(3).name());
        assertEquals(200, providers.get(3).ranking());
        assertEquals("undionly.kpxe", bootFileFor(Architecture.X86_BIOS));
        assertEquals("snponly.efi", bootFileFor(Architecture.X64_UEFI));
    }

    @Test
    public void providersCommandListsTheChain() throws Exception {
        bootFileFor(Architecture.X86_BIOS);
        String output = executeCommand("pxe:providers");
        assertTrue(output, output.contains("Provider"));
        assertTrue(output, output.contains("Ranking"));
        String row = output.lines().filter(l -> l.contains("| policy")).findFirst().orElseThrow(
                () -> new AssertionError("no row for the policy provider in:\n" + output));
        assertTrue(row, row.contains("org.karafpxe.provider.policy"));
        assertTrue(row, row.matches("\\s*4\\s*\\|\\s*policy\\s*\\|\\s*200\\s*\\|.*"));
    }

    @Test
    public void hotDeployedProviderJoinsAtItsRankingAndLeavesWhenRemoved() throws Exception {
        Path etc = Paths.get(System.getProperty("karaf.etc"));
        Path deploy = Paths.get(System.getProperty("karaf.base"), "deploy");
        Path cfg = etc.resolve("org.karafpxe.itests.provider.cfg");
        Path jar = deploy.resolve("org.karafpxe.itests.provider.jar");
        Files.writeString(cfg, "service.ranking = 500\nbootfile = hot-deployed.efi\n");
        Files.copy(Paths.get(System.getProperty("pxe.provider.jar")), jar);
        try {
            await("the hot-deployed provider first in the chain at ranking 500", Duration.ofSeconds(30),
                    () -> firstProvider().equals("hot-deployed@500"));
            assertEquals("hot-deployed.efi", bootFileFor(Architecture.X86_BIOS));
            String output = executeCommand("pxe:providers");
            List<String> rows = output.lines().filter(l -> l.contains("|") && !l.contains("Provider")
                    && !l.contains("--+")).toList();
            assertEquals(output, 5, rows.size());
            assertTrue(output, rows.get(0).matches("\\s*1\\s*\\|\\s*hot-deployed\\s*\\|\\s*500\\s*\\|.*"));
            assertTrue(output, rows.get(1).matches("\\s*2\\s*\\|\\s*grub\\s*\\|\\s*450\\s*\\|.*"));
        } finally {
            Files.deleteIfExists(jar);
        }
        await("the hot-deployed provider to leave the chain", Duration.ofSeconds(30),
                () -> firstProvider().equals("grub@450") && chain.providers().size() == 4);
        Files.deleteIfExists(cfg);
        assertEquals("undionly.kpxe", bootFileFor(Architecture.X86_BIOS));
    }

    @Test
    public void reRankingARunningProviderThroughItsCfgMovesItForTheNextRequest() throws Exception {
        Path cfg = Paths.get(System.getProperty("karaf.etc")).resolve("org.karafpxe.provider.prestaged.cfg");
        String shipped = Files.readString(cfg);
        assertTrue(shipped, shipped.contains("\nservice.ranking = 300\n"));
        executeCommand("pxe:device-add --mac 52:54:00:12:35:01 --boot-program own.efi rerank-01");
        BootRequest request = BootRequest.builder(MacAddress.parse("52:54:00:12:35:01").orElseThrow(),
                InetAddress.getLoopbackAddress()).architecture(Architecture.X64_UEFI).build();
        try {
            assertEquals("prestaged", chain.decide(request).toCompletableFuture().get(5, TimeUnit.SECONDS).decidedBy());
            Files.writeString(cfg, shipped.replace("\nservice.ranking = 300\n", "\nservice.ranking = 150\n"));
            await("the prestaged provider to move below the policy", Duration.ofSeconds(30),
                    () -> chain.providers().stream().map(p -> p.name() + "@" + p.ranking()).toList()
                            .equals(List.of("grub@450", "ipxe@400", "policy@200", "prestaged@150")));
            ChainResult moved = chain.decide(request).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals(moved.describe(), "policy", moved.decidedBy());
            assertEquals("snponly.efi", ((Decision.Service) moved.decision()).answer().bootFile());
            Files.writeString(cfg, shipped);
            await("the prestaged provider back at 300", Duration.ofSeconds(30),
                    () -> chain.providers().size() == 4 && chain.providers().get(2).name().equals("prestaged"));
            assertEquals("prestaged", chain.decide(request).toCompletableFuture().get(5, TimeUnit.SECONDS).decidedBy());
        } finally {
            Files.writeString(cfg, shipped);
            executeCommand("pxe:device-remove rerank-01");
        }
    }

    @Test
    public void answerPolicyNoneTakesTheServerOutOfServiceBeforeAnyProvider() throws Exception {
        executeCommand("pxe:device-add --mac 52:54:00:12:35:02 --boot-program own.efi --task-script 'echo task' "
                + "--one-shot none-01");
        try {
            String set = executeCommand("pxe:policy-set --mode none");
            assertTrue(set, set.contains("out of service"));
            await("the chain to be out of service", Duration.ofSeconds(30), chain::outOfService);
            String explained = executeCommand("pxe:explain --mac 52:54:00:12:35:02 --arch 7 --ipxe");
            assertTrue(explained, explained.contains("(no provider was asked)"));
            assertTrue(explained, explained.contains("Decision: IGNORE by chain: answer policy is none"));
            String providers = executeCommand("pxe:providers");
            assertTrue(providers, providers.contains("Out of service: the answer policy is none"));
            BootRequest ipxe = BootRequest.builder(MacAddress.parse("52:54:00:12:35:02").orElseThrow(),
                    InetAddress.getLoopbackAddress()).architecture(Architecture.X64_UEFI)
                    .userClasses(List.of("iPXE")).build();
            ChainResult result = chain.decide(ipxe).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertTrue(result.describe(), result.decision() instanceof Decision.Ignore && result.steps().isEmpty());
            assertTrue("the one-shot task is still there", executeCommand("pxe:task-list").contains("none-01"));
        } finally {
            executeCommand("pxe:policy-set --mode all");
            executeCommand("pxe:device-remove none-01");
        }
        await("the chain to answer again", Duration.ofSeconds(30), () -> !chain.outOfService());
    }

    @Test
    public void explainIsADryRunThatShowsEachProvider() throws Exception {
        int before = chain.recent(1000).size();
        String output = executeCommand("pxe:explain --mac 52:54:00:aa:bb:cc --arch x64-uefi");
        assertTrue(output, output.matches("(?s).*1\\s*\\|\\s*grub\\s*\\|\\s*450\\s*\\|\\s*PASS\\s*\\|\\s*not prestaged.*"));
        assertTrue(output, output.matches("(?s).*2\\s*\\|\\s*ipxe\\s*\\|\\s*400\\s*\\|\\s*PASS\\s*\\|\\s*not iPXE yet.*"));
        assertTrue(output, output.matches("(?s).*3\\s*\\|\\s*prestaged\\s*\\|\\s*300\\s*\\|\\s*PASS\\s*\\|\\s*not prestaged.*"));
        assertTrue(output, output.matches("(?s).*4\\s*\\|\\s*policy\\s*\\|\\s*200\\s*\\|\\s*SERVICE.*"));
        assertTrue(output, output.contains("Decision: SERVICE by policy: boot snponly.efi"));
        assertEquals("a dry run is not recorded", before, chain.recent(1000).size());
    }

    @Test
    public void explainRefusesBadInputWithWhatIsAllowed() throws Exception {
        assertFails("pxe:explain --mac zz:54", "'zz:54' is not a MAC address: write it as 52:54:00:12:34:56");
        assertFails("pxe:explain --mac 525400123456 --arch x65-uefi", "'x65-uefi' is not an architecture: use one of x86-bios");
        assertFails("pxe:explain --mac 525400123456 --guid nope", "'nope' is not a GUID");
        assertFails("pxe:explain --mac 525400123456 --port 68", "--port 68: use 67 (proxy DHCP) or 4011");
    }

    @Test
    public void requestsListsDecidedRequestsNewestFirst() throws Exception {
        bootFileFor(Architecture.X64_UEFI);
        bootFileFor(Architecture.X86_BIOS);
        String output = executeCommand("pxe:requests -n 2");
        List<String> rows = output.lines().filter(l -> l.contains("52:54:00:12:34:56")).toList();
        assertEquals(output, 2, rows.size());
        assertTrue(output, rows.get(0).contains("x86-bios") && rows.get(0).contains("undionly.kpxe"));
        assertTrue(output, rows.get(1).contains("x64-uefi") && rows.get(1).contains("snponly.efi"));
        assertTrue(output, rows.get(0).contains("policy") && rows.get(0).contains("SERVICE"));
        assertFails("pxe:requests -n 0", "-n 0: show 1 to 100000 requests");
    }
}
