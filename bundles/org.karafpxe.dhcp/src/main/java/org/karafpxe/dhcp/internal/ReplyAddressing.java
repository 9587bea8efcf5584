package org.karafpxe.dhcp.internal;

import java.net.InetSocketAddress;
import org.karafpxe.api.ExchangePort;
import org.karafpxe.dhcp.DhcpPacket;

/** Where an answer goes (RFC 2131 4.1, PXE 2.1). */
final class ReplyAddressing {

    private ReplyAddressing() {
    }

    /**
     * Port 4011: back to the sender's address and port. Port 67: to the relay agent when there is
     * one (giaddr); to the client's address when it has one and did not ask for broadcast; else
     * broadcast, since a client without an address cannot receive unicast.
     */
    static InetSocketAddress destination(DhcpPacket request, InetSocketAddress sender, ExchangePort port,
            DhcpSettings settings) {
        if (port == ExchangePort.PXE_BOOT_SERVER && !sender.getAddress().isAnyLocalAddress()) {
            return sender;
        }
        if (!request.giaddr().isAnyLocalAddress()) {
            return new InetSocketAddress(request.giaddr(), settings.relayPort());
        }
        if (!request.ciaddr().isAnyLocalAddress() && !request.isBroadcast()) {
            return new InetSocketAddress(request.ciaddr(), settings.clientPort());
        }
        return new InetSocketAddress(settings.broadcastAddress(), settings.clientPort());
    }
}
