package org.karafpxe.provider.defaults.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.karafpxe.api.Architecture;
import org.karafpxe.api.BootPrograms;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.api.MacAddress;

public class DefaultBootProgramsProviderTest {

    private static BootRequest.Builder client(Architecture arch) throws Exception {
        return BootRequest.builder(MacAddress.parse("52:54:00:12:34:56").orElseThrow(),
                InetAddress.getByName("127.0.0.1")).architecture(arch);
    }

    private static DefaultBootProgramsProvider configured(Map<String, Object> properties) {
        DefaultBootProgramsProvider provider = new DefaultBootProgramsProvider();
        provider.configure(properties);
        return provider;
    }

    private static String bootFile(Decision d) {
        return ((Decision.Service) d).answer().bootFile();
    }

    @Test
    public void answersEachArchitectureWithItsProgram() throws Exception {
        DefaultBootProgramsProvider p = configured(Map.of("bootfile.x86-bios", "undionly.kpxe",
                "bootfile.x64-uefi", "snponly.efi", "service.ranking", "100"));
        assertEquals("undionly.kpxe", bootFile(p.decide(client(Architecture.X86_BIOS).build())));
        assertEquals("snponly.efi", bootFile(p.decide(client(Architecture.X64_UEFI).build())));
    }

    @Test
    public void passesArchitecturesWithoutAProgram() throws Exception {
        DefaultBootProgramsProvider p = configured(Map.of("bootfile.x86-bios", "undionly.kpxe"));
        Decision d = p.decide(client(Architecture.ARM64_UEFI).build());
        assertTrue(d instanceof Decision.Pass);
        assertEquals("no default boot program for arm64-uefi", d.reason());
    }

    @Test
    public void ipxeClientsGetTheIpxeProgramInsteadOfIpxeAgain() throws Exception {
        DefaultBootProgramsProvider p = configured(Map.of("bootfile.x86-bios", "undionly.kpxe",
                "bootfile.ipxe", "boot.ipxe"));
        assertEquals("boot.ipxe", bootFile(p.decide(client(Architecture.X86_BIOS)
                .userClasses(List.of("iPXE")).build())));
    }

    @Test
    public void badEntriesAreReportedWithWhatIsAllowed() {
        BootPrograms programs = BootPrograms.from(Map.of("bootfile.x65-uefi", "a.efi",
                "bootfile.x86-bios", " ", "bootfile.x64-uefi", "snponly.efi"));
        assertEquals(Map.of(Architecture.X64_UEFI, "snponly.efi"), programs.byArchitecture());
        assertEquals(2, programs.problems().size());
        String unknown = programs.problems().stream().filter(s -> s.contains("x65")).findFirst().orElseThrow();
        assertTrue(unknown, unknown.contains("'x65-uefi' is not an architecture"));
        assertTrue(unknown, unknown.contains("x64-uefi"));
    }

    @Test
    public void decidesEveryRequestWithoutBlocking() throws Exception {
        assertTrue(configured(Map.of()).decidesWithoutBlocking(client(Architecture.X64_UEFI).build()));
    }
}
