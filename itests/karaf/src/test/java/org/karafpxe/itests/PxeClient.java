package org.karafpxe.itests;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.UUID;
import org.karafpxe.dhcp.DecodeResult;
import org.karafpxe.dhcp.DhcpCodec;
import org.karafpxe.dhcp.DhcpMessageType;
import org.karafpxe.dhcp.DhcpOptions;
import org.karafpxe.dhcp.DhcpPacket;

/** A scripted PXE client on loopback: sends a DISCOVER to the proxy port and waits for the offer. */
final class PxeClient implements AutoCloseable {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final DatagramSocket socket;
    private final int serverPort;
    private int xid = 0x1000;

    PxeClient(int clientPort, int serverPort) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, clientPort));
        this.serverPort = serverPort;
    }

    /** A DISCOVER like PXE firmware's; the offer, or empty when the server stays silent. */
    Optional<DhcpPacket> discover(String mac, UUID guid, int arch, int secs, long waitMillis) throws IOException {
        return discover(mac, guid, arch, secs, waitMillis, false);
    }

    /** A DISCOVER like PXE firmware's, or like iPXE's (user class iPXE); the offer, or empty. */
    Optional<DhcpPacket> discover(String mac, UUID guid, int arch, int secs, long waitMillis, boolean ipxe)
            throws IOException {
        DhcpOptions.Builder options = DhcpOptions.builder().messageType(DhcpMessageType.DISCOVER)
                .vendorClass(String.format("PXEClient:Arch:%05d:UNDI:003000", arch)).clientArchitectures(arch);
        if (ipxe) {
            options.userClasses(java.util.List.of("iPXE"));
        }
        if (guid != null) {
            options.clientGuid(guid);
        }
        int id = ++xid;
        DhcpPacket discover = DhcpPacket.builder().op(DhcpPacket.BOOTREQUEST).xid(id).secs(secs).broadcast(true)
                .macAddress(java.util.HexFormat.ofDelimiter(":").parseHex(mac)).options(options.build()).build();
        byte[] bytes = DhcpCodec.encode(discover);
        socket.send(new DatagramPacket(bytes, bytes.length, LOOPBACK, serverPort));
        long end = System.currentTimeMillis() + waitMillis;
        while (true) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return Optional.empty();
            }
            socket.setSoTimeout((int) left);
            DatagramPacket received = new DatagramPacket(new byte[1500], 1500);
            try {
                socket.receive(received);
            } catch (SocketTimeoutException e) {
                return Optional.empty();
            }
            DecodeResult r = DhcpCodec.decode(received.getData(), 0, received.getLength());
            if (r instanceof DecodeResult.Decoded d && d.packet().xid() == id) {
                return Optional.of(d.packet());
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
