package org.karafpxe.dhcp.internal;

import java.io.InputStream;
import java.util.List;
import org.karafpxe.dhcp.PcapReader;

/** The DHCPv6 captures the tests replay: their UDP payloads over IPv6, in capture order. */
final class Dhcp6Captures {
    private Dhcp6Captures() {
    }

    static List<byte[]> payloads(String resource) throws Exception {
        try (InputStream in = Dhcp6Captures.class.getResourceAsStream("/captures/" + resource)) {
            return PcapReader.udp6Payloads(PcapReader.frames(in.readAllBytes()));
        }
    }

    static List<Dhcp6Message> messages(String resource) throws Exception {
        return payloads(resource).stream().map(p -> Dhcp6Message.decode(p, 0, p.length).orElseThrow()).toList();
    }
}
