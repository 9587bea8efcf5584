package org.karafpxe.dhcp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

public class DhcpSettingsTest {

    @Test
    public void theIpv6ServerAddressIsAnIpv6AddressOfThisServerOrEmpty() throws Exception {
        assertEquals(Optional.empty(), DhcpSettings.from(Map.of()).v6ServerAddress());
        assertEquals(Optional.empty(), DhcpSettings.from(Map.of("v6.server.address", " ")).v6ServerAddress());
        assertEquals(Optional.of(InetAddress.getByName("fd00:213::2")),
                DhcpSettings.from(Map.of("v6.server.address", "fd00:213::2")).v6ServerAddress());
        for (String bad : new String[] {"192.0.2.1", "::", "::1", "ff02::1:2", "server.example", "fd00::zz"}) {
            DhcpSettings s = DhcpSettings.from(Map.of("v6.server.address", bad));
            assertEquals(bad, Optional.empty(), s.v6ServerAddress());
            assertEquals(bad, 1, s.problems().size());
            assertTrue(s.problems().get(0), s.problems().get(0).startsWith("v6.server.address = '" + bad
                    + "' is not an IPv6 address of this server"));
        }
    }

    @Test
    public void theHttpPortIsATcpPort() {
        assertEquals(8080, DhcpSettings.from(Map.of()).httpPort());
        assertEquals(80, DhcpSettings.from(Map.of("http.port", "80")).httpPort());
        DhcpSettings s = DhcpSettings.from(Map.of("http.port", "0"));
        assertEquals(8080, s.httpPort());
        assertEquals(List.of("http.port = '0' is not a whole number from 1 to 65535; using 8080"), s.problems());
    }
}
