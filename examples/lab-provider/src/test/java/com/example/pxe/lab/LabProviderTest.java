package com.example.pxe.lab;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.net.InetAddress;
import java.util.UUID;
import org.junit.Test;
import org.karafpxe.api.Architecture;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.api.MacAddress;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.testing.InMemoryPolicyStore;

/**
 * The provider without a server: requests from the API's {@code BootRequest.builder}, prestaged
 * devices in an {@code InMemoryPolicyStore}, which behaves as the server's policy store.
 */
public class LabProviderTest {

    private static final String GUID = "4c4c4544-0042-3510-8052-b4c04f564433";

    /** The store of a server where the lab has two prestaged machines and the office one. */
    private final InMemoryPolicyStore store = InMemoryPolicyStore.of(
            DeviceDraft.builder("lab-01").mac("00:11:22:33:44:01").group("lab").build(),
            DeviceDraft.builder("lab-02").guid(GUID).group("lab").build(),
            DeviceDraft.builder("office-01").mac("52:54:00:99:00:01").group("office").build());

    private LabProvider provider(boolean serveUnknown) {
        return new LabProvider(store, new LabProvider.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LabProvider.Config.class;
            }

            @Override
            public String mac_prefix() {
                return "52-54-00";
            }

            @Override
            public String bootfile() {
                return "lab/snponly.efi";
            }

            @Override
            public String group() {
                return "lab";
            }

            @Override
            public boolean serve_unknown() {
                return serveUnknown;
            }
        });
    }

    /** A request as the server builds it from a DISCOVER, with the API's builder. */
    private static BootRequest.Builder request(String mac) throws Exception {
        return BootRequest.builder(MacAddress.parse(mac).orElseThrow(), InetAddress.getByName("192.0.2.1"))
                .architecture(Architecture.X64_UEFI);
    }

    private static void assertServed(String reason, Decision d) {
        assertTrue(d.toString(), d instanceof Decision.Service);
        assertEquals("lab/snponly.efi", ((Decision.Service) d).answer().bootFile());
        assertEquals(reason, ((Decision.Service) d).reason());
    }

    @Test
    public void prestagedLabMachinesGetTheLabBootProgramByMacOrGuid() throws Exception {
        assertServed("lab machine lab-01 (prestaged in group lab)",
                provider(true).decide(request("00:11:22:33:44:01").build()));
        assertServed("lab machine lab-02 (prestaged in group lab)",
                provider(false).decide(request("00:11:22:33:44:02").guid(UUID.fromString(GUID)).build()));
    }

    @Test
    public void unknownMachinesWithALabMacAreServedUnlessConfiguredOtherwise() throws Exception {
        assertServed("lab machine (MAC starts with 52:54:00)",
                provider(true).decide(request("52:54:00:12:34:56").build()));
        Decision d = provider(false).decide(request("52:54:00:12:34:56").build());
        assertTrue(d.toString(), d instanceof Decision.Pass);
    }

    @Test
    public void machinesOfOtherGroupsAndOtherMacsArePassedOn() throws Exception {
        Decision office = provider(true).decide(request("52:54:00:99:00:01").build());
        assertEquals(new Decision.Pass("prestaged office-01, not in group lab"), office);
        assertTrue(provider(true).decide(request("00:11:22:33:44:55").build()) instanceof Decision.Pass);
    }
}
