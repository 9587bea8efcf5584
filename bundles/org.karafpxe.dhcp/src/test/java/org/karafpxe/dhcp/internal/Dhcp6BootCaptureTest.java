package org.karafpxe.dhcp.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.Test;
import org.karafpxe.api.BootAnswer;
import org.karafpxe.api.Decision;
import org.karafpxe.api.ExchangePort;
import org.karafpxe.api.MacAddress;
import org.karafpxe.engine.ChainResult;
import org.karafpxe.engine.StepOutcome;
import org.karafpxe.engine.TraceStep;

/**
 * Golden packets of a whole PXE boot over IPv6 on an IPv6-only segment (e2e {@code uefi-ipv6-only}):
 * OVMF's SOLICITs (its IPv6 stack's own, then PXE's), dnsmasq's ADVERTISEs and REPLYs, this server's
 * proxy ADVERTISE, OVMF's REQUEST on port 4011 and this server's REPLY, then iPXE's SOLICIT and
 * dnsmasq's ADVERTISE naming the hand-over file. The machine is 52:54:00:12:34:57 with the GUID
 * 8b6b6f3e-1c9a-4e55-9d3a-0a1b2c3d4e5f; the server announced fd00:213::a411:4eff:fefa:6e45.
 */
public class Dhcp6BootCaptureTest {
    private static final UUID GUID = UUID.fromString("8b6b6f3e-1c9a-4e55-9d3a-0a1b2c3d4e5f");
    private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:57").orElseThrow();

    private static List<byte[]> payloads() throws Exception {
        return Dhcp6Captures.payloads("ovmf-dhcp6-pxe-boot.pcap");
    }

    private static Dhcp6Message message(List<byte[]> payloads, int index) {
        byte[] p = payloads.get(index);
        return Dhcp6Message.decode(p, 0, p.length).orElseThrow();
    }

    private static ChainResult served(String bootFile) {
        return new ChainResult(Decision.service(BootAnswer.of(bootFile), "test"),
                List.of(new TraceStep("policy", 200, StepOutcome.SERVICE, "test", 0)), 0);
    }

    @Test
    public void everyMessageOfTheBootDecodesAndEncodesToTheSameBytes() throws Exception {
        List<byte[]> payloads = payloads();
        assertEquals(19, payloads.size());
        for (byte[] p : payloads) {
            assertArrayEquals(p, Dhcp6Message.decode(p, 0, p.length).orElseThrow().encode());
        }
    }

    @Test
    public void onlyPxesSolicitIsAPxeClientsTheIpv6StacksOwnIsNot() throws Exception {
        List<byte[]> payloads = payloads();
        assertEquals(Optional.empty(), Dhcp6Answers.Client.of(message(payloads, 0)));
        assertEquals(Optional.of(Dhcp6Answers.Client.PXE), Dhcp6Answers.Client.of(message(payloads, 4)));
        assertEquals(Optional.of(Dhcp6Answers.Client.IPXE), Dhcp6Answers.Client.of(message(payloads, 15)));
    }

    @Test
    public void ourAdvertiseAndReplyAreWhatTheAnswersMakeOfTheFirmwaresMessages() throws Exception {
        List<byte[]> payloads = payloads();
        Dhcp6Message ourAdvertise = message(payloads, 6);
        Dhcp6Message ourReply = message(payloads, 10);
        byte[] serverDuid = ourAdvertise.option(Dhcp6Message.SERVER_ID).orElseThrow();
        Dhcp6Answers answers = new Dhcp6Answers(serverDuid, 8080);
        InetAddress server = InetAddress.getByName("fd00:213::a411:4eff:fefa:6e45");

        Dhcp6Message solicit = message(payloads, 4);
        Dhcp6Answers.Outcome advertise = answers.answer(solicit, Dhcp6Answers.Client.PXE, ExchangePort.PROXY_DHCP,
                server, served("snponly.efi"));
        assertArrayEquals(payloads.get(6), ((Dhcp6Answers.Outcome.Send) advertise).message().encode());

        Dhcp6Message request = message(payloads, 9);
        assertEquals(Dhcp6Message.REQUEST, request.type());
        assertTrue(answers.asks(request, Dhcp6Answers.Client.PXE, ExchangePort.PXE_BOOT_SERVER));
        assertArrayEquals("EDK2 names this server in its request on 4011", serverDuid,
                request.option(Dhcp6Message.SERVER_ID).orElseThrow());
        Dhcp6Answers.Outcome reply = answers.answer(request, Dhcp6Answers.Client.PXE, ExchangePort.PXE_BOOT_SERVER,
                server, served("snponly.efi"));
        assertArrayEquals(payloads.get(10), ((Dhcp6Answers.Outcome.Send) reply).message().encode());
        assertEquals("tftp://[fd00:213::a411:4eff:fefa:6e45]/snponly.efi",
                new String(ourReply.option(Dhcp6Message.BOOTFILE_URL).orElseThrow(), StandardCharsets.US_ASCII));
    }

    @Test
    public void theFirmwareAndIpxeAreOneMachineWithOneGuid() throws Exception {
        List<byte[]> payloads = payloads();
        InetAddress server = InetAddress.getByName("fd00:213::2");
        assertEquals(Optional.of(GUID), Dhcp6Answers.request(message(payloads, 4), Dhcp6Answers.Client.PXE, MAC,
                server, ExchangePort.PROXY_DHCP).guid());
        assertEquals(Optional.of(GUID), Dhcp6Answers.request(message(payloads, 9), Dhcp6Answers.Client.PXE, MAC,
                server, ExchangePort.PXE_BOOT_SERVER).guid());
        Dhcp6Message ipxe = message(payloads, 15);
        assertEquals(List.of("iPXE"), ipxe.userClasses());
        assertEquals(Optional.of(GUID), Dhcp6Answers.request(ipxe, Dhcp6Answers.Client.IPXE, MAC, server,
                ExchangePort.PROXY_DHCP).guid());
        String url = new String(message(payloads, 16).option(Dhcp6Message.BOOTFILE_URL).orElseThrow(),
                StandardCharsets.US_ASCII);
        assertEquals("http://[fd00:213::2]:8080/boot/ipxe/v6/${net0/mac:hexhyp}.ipxe", url);
    }
}
