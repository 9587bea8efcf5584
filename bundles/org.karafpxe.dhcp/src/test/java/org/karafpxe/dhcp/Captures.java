package org.karafpxe.dhcp;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Loads the firmware captures from the test classpath and picks out their DHCP traffic. */
final class Captures {

    static final String BIOS_DHCP_E1000 = "t-bios-dhcp-e1000-1-dhcp.pcap";
    static final String BIOS_PROXY = "t-bios-proxy-1-dhcp.pcap";
    static final String UEFI_IPXE_ROM = "t-uefi-ipxerom-1-dhcp.pcap";
    static final String UEFI_NATIVE_PROXY = "t-uefi-native-proxy-1-dhcp.pcap";
    static final String UEFI_NATIVE_DHCP = "uefi-tcg-native-dhcp.pcap";
    static final String OVMF_TFTP = "ovmf-tftp-start.pcap";

    static final List<String> ALL = List.of(BIOS_DHCP_E1000, BIOS_PROXY, UEFI_IPXE_ROM, UEFI_NATIVE_PROXY,
            UEFI_NATIVE_DHCP, OVMF_TFTP);

    private static final Set<Integer> DHCP_PORTS = Set.of(67, 68, 4011);

    /** A DHCP datagram from a capture together with its decoded packet. */
    record Captured(PcapReader.Datagram datagram, DhcpPacket packet) {
        DhcpOptions options() {
            return packet.options();
        }
    }

    private Captures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Captures.class.getResourceAsStream("/captures/" + name)) {
            assertNotNull("capture " + name + " on the test classpath", in);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<PcapReader.Datagram> udp(String name) {
        try {
            return PcapReader.udp(PcapReader.frames(bytes(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<PcapReader.Datagram> dhcpDatagrams(String name) {
        List<PcapReader.Datagram> out = new ArrayList<>();
        for (PcapReader.Datagram d : udp(name)) {
            if (DHCP_PORTS.contains(d.sourcePort()) && DHCP_PORTS.contains(d.destinationPort())) {
                out.add(d);
            }
        }
        return out;
    }

    /** Every DHCP datagram of the capture, decoded; fails the test on any that does not decode. */
    static List<Captured> dhcp(String name) {
        List<Captured> out = new ArrayList<>();
        for (PcapReader.Datagram d : dhcpDatagrams(name)) {
            DecodeResult r = DhcpCodec.decode(d.payload());
            if (r instanceof DecodeResult.Decoded decoded) {
                out.add(new Captured(d, decoded.packet()));
            } else {
                fail(name + ": " + d + " did not decode: " + r);
            }
        }
        return out;
    }

    static List<byte[]> allDhcpPayloads() {
        List<byte[]> out = new ArrayList<>();
        for (String name : ALL) {
            for (PcapReader.Datagram d : dhcpDatagrams(name)) {
                out.add(d.payload());
            }
        }
        return out;
    }
}
