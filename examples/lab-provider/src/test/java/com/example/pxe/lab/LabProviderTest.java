package com.example.pxe.lab;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.net.InetAddress;
import org.junit.Test;
import org.karafpxe.api.Architecture;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.api.MacAddress;

public class LabProviderTest {

    private static LabProvider provider(String prefix, String bootFile) {
        LabProvider p = new LabProvider();
        p.configure(new LabProvider.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LabProvider.Config.class;
            }

            @Override
            public String mac_prefix() {
                return prefix;
            }

            @Override
            public String bootfile() {
                return bootFile;
            }
        });
        return p;
    }

    /** A request as the server builds it from a DISCOVER, with the API's builder. */
    private static BootRequest request(String mac) throws Exception {
        return BootRequest.builder(MacAddress.parse(mac).orElseThrow(), InetAddress.getByName("192.0.2.1"))
                .architecture(Architecture.X64_UEFI).build();
    }

    @Test
    public void labMachinesGetTheLabBootProgram() throws Exception {
        Decision d = provider("52-54-00", "lab/snponly.efi").decide(request("52:54:00:12:34:56"));
        assertTrue(d instanceof Decision.Service);
        assertEquals("lab/snponly.efi", ((Decision.Service) d).answer().bootFile());
    }

    @Test
    public void otherMachinesArePassedOn() throws Exception {
        assertTrue(provider("52:54:00", "lab/snponly.efi").decide(request("00:11:22:33:44:55")) instanceof Decision.Pass);
    }
}
