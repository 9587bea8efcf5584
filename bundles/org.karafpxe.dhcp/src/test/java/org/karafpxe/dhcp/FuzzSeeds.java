package org.karafpxe.dhcp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Writes the UDP payloads of the golden captures (src/test/resources/captures) as fuzzing seeds:
 * DHCP (ports 67, 68, 4011) into the first folder, TFTP (69 and the transfers) into the second.
 */
public final class FuzzSeeds {
    private static final List<String> CAPTURES = List.of("t-bios-dhcp-e1000-1-dhcp.pcap", "t-bios-proxy-1-dhcp.pcap",
            "t-uefi-ipxerom-1-dhcp.pcap", "t-uefi-native-proxy-1-dhcp.pcap", "uefi-tcg-native-dhcp.pcap",
            "ovmf-tftp-start.pcap");

    private FuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path dhcp = Files.createDirectories(Paths.get(args[0]));
        Path tftp = Files.createDirectories(Paths.get(args[1]));
        int n = 0;
        for (String capture : CAPTURES) {
            byte[] file;
            try (InputStream in = FuzzSeeds.class.getResourceAsStream("/captures/" + capture)) {
                file = in.readAllBytes();
            }
            for (PcapReader.Datagram d : PcapReader.udp(PcapReader.frames(file))) {
                boolean isDhcp = d.sourcePort() == 67 || d.sourcePort() == 68 || d.sourcePort() == 4011
                        || d.destinationPort() == 67 || d.destinationPort() == 4011;
                Files.write((isDhcp ? dhcp : tftp).resolve("seed-" + n++), d.payload());
            }
        }
        System.out.println(n + " seeds from " + CAPTURES.size() + " captures");
    }
}
