package org.karafpxe.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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

    @Test
    public void uefiDiscoverGetsAProxyOfferWithTheDefaultBootProgram() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        DhcpPacket discover = DhcpPacket.builder().op(DhcpPacket.BOOTREQUEST).xid(0x5eed).broadcast(true)
                .macAddress(new byte[] {0x52, 0x54, 0x00, 0x12, 0x34, 0x56})
                .options(DhcpOptions.builder().messageType(DhcpMessageType.DISCOVER)
                        .vendorClass("PXEClient:Arch:00007:UNDI:003000").clientArchitectures(7)
                        .clientGuid(UUID.fromString("8b6b6f3e-1c9a-4e55-9d3a-0a1b2c3d4e5f")).build())
                .build();
        byte[] bytes = DhcpCodec.encode(discover);
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(loopback, CLIENT_PORT))) {
            client.setSoTimeout(5000);
            client.send(new DatagramPacket(bytes, bytes.length, loopback, PROXY_PORT));
            DatagramPacket received = new DatagramPacket(new byte[1500], 1500);
            client.receive(received);
            DhcpPacket offer = ((DecodeResult.Decoded) DhcpCodec.decode(received.getData(), 0,
                    received.getLength())).packet();
            assertEquals(DhcpMessageType.OFFER, offer.messageType().orElseThrow());
            assertEquals(0x5eed, offer.xid());
            assertEquals("snponly.efi", offer.file());
            assertEquals("PXEClient", offer.options().vendorClass().orElseThrow());
        }
        assertEquals(1, dhcp.statistics().counter("answered.offer"));
        String output = executeCommand("pxe:dhcp-stats");
        assertTrue(output, output.matches("(?s).*proxy\\s*\\|\\s*127\\.0\\.0\\.1:" + PROXY_PORT + "\\s*\\|\\s*listening.*"));
        assertTrue(output, output.matches("(?s).*answered\\.offer\\s*\\|\\s*1\\b.*"));
    }
}
