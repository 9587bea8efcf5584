package org.karafpxe.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.UUID;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.karafpxe.dhcp.DecodeResult;
import org.karafpxe.dhcp.DhcpCodec;
import org.karafpxe.dhcp.DhcpMessageType;
import org.karafpxe.dhcp.DhcpOptions;
import org.karafpxe.dhcp.DhcpPacket;
import org.karafpxe.dhcp.service.DhcpService;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The distribution's DHCP responder answers a PXE client through the provider chain. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DhcpIT extends PxeTestSupport {

    @Inject
    private DhcpService dhcp;

    @Configuration
    public Option[] config() {
        return distribution();
    }

    private static DhcpPacket uefiDiscover(int xid, byte last) {
        return DhcpPacket.builder().op(DhcpPacket.BOOTREQUEST).xid(xid).broadcast(true)
                .macAddress(new byte[] {0x52, 0x54, 0x00, 0x12, 0x34, last})
                .options(DhcpOptions.builder().messageType(DhcpMessageType.DISCOVER)
                        .vendorClass("PXEClient:Arch:00007:UNDI:003000").clientArchitectures(7)
                        .clientGuid(UUID.fromString("8b6b6f3e-1c9a-4e55-9d3a-0a1b2c3d4e" + String.format("%02x", last)))
                        .build())
                .build();
    }

    /** Sends a DISCOVER to the proxy port and returns the answer, if one comes within 5 s. */
    private static java.util.Optional<DhcpPacket> ask(DhcpPacket discover) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        byte[] bytes = DhcpCodec.encode(discover);
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(loopback, CLIENT_PORT))) {
            client.setSoTimeout(5000);
            client.send(new DatagramPacket(bytes, bytes.length, loopback, PROXY_PORT));
            DatagramPacket received = new DatagramPacket(new byte[1500], 1500);
            client.receive(received);
            return java.util.Optional.of(((DecodeResult.Decoded) DhcpCodec.decode(received.getData(), 0,
                    received.getLength())).packet());
        } catch (java.net.SocketTimeoutException none) {
            return java.util.Optional.empty();
        }
    }

    /**
     * With the shipped fallthrough.ipxe.builds, UEFI firmware whose iPXE would be told to boot locally
     * (no task) gets the local-boot menu at once, and a machine with a task still gets iPXE.
     */
    @Test
    public void uefiMachineWithNoTaskIsSentToItsDiskAtOnce() throws Exception {
        configure("org.karafpxe.engine", "fallthrough.ipxe.builds", "snponly.efi, ipxe.efi, snp.efi");
        try {
            await("the local-boot menu at once", Duration.ofSeconds(20), () -> {
                try {
                    return ask(uefiDiscover(0x5eee, (byte) 0x57)).map(o -> o.file().isEmpty()
                            && o.options().get(43).isPresent()).orElse(false);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            String requests = executeCommand("pxe:requests -n 5");
            assertTrue(requests, requests.contains("abort (local boot)") && requests.contains("fall-through"));
            executeCommand("pxe:device-add --mac 52:54:00:12:34:58 with-task");
            executeCommand("pxe:task-set --script 'echo task' with-task");
            assertEquals("a machine with a task gets iPXE", "snponly.efi",
                    ask(uefiDiscover(0x5eef, (byte) 0x58)).orElseThrow().file());
        } finally {
            executeCommand("pxe:device-remove with-task");
            configure("org.karafpxe.engine", "fallthrough.ipxe.builds", "none");
            await("UEFI firmware sent to iPXE again", Duration.ofSeconds(20), () -> {
                try {
                    return executeCommand("pxe:explain --mac 52:54:00:12:34:57 --arch x64-uefi").contains("SERVICE by policy");
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    @Test
    public void uefiDiscoverGetsAProxyOfferWithTheDefaultBootProgram() throws Exception {
        long offers = dhcp.statistics().counter("answered.offer");
        {
            DhcpPacket offer = ask(uefiDiscover(0x5eed, (byte) 0x56)).orElseThrow();
            assertEquals(DhcpMessageType.OFFER, offer.messageType().orElseThrow());
            assertEquals(0x5eed, offer.xid());
            assertEquals("snponly.efi", offer.file());
            assertEquals("PXEClient", offer.options().vendorClass().orElseThrow());
        }
        assertEquals(offers + 1, dhcp.statistics().counter("answered.offer"));
        String output = executeCommand("pxe:dhcp-stats");
        assertTrue(output, output.matches("(?s).*proxy\\s*\\|\\s*127\\.0\\.0\\.1:" + PROXY_PORT + "\\s*\\|\\s*listening.*"));
        assertTrue(output, output.matches("(?s).*answered\\.offer\\s*\\|\\s*" + (offers + 1) + "\\b.*"));
    }
}
