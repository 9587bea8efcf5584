package org.karafpxe.dhcp.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.karafpxe.api.ExchangePort;
import org.karafpxe.dhcp.DhcpPacket;

/**
 * Where an answer goes (RFC 2131 4.1, PXE 2.1), and whether it may go there at all: anyone on the
 * boot segment can send a request naming any relay, any client address or any source, and an
 * answer must not be turned against a third party, a whole subnet, or this host.
 */
final class ReplyAddressing {

    private ReplyAddressing() {
    }

    /**
     * Port 4011: back to the sender's address and port. Port 67: to the relay agent when there is
     * one (giaddr); to the client's address when it has one and did not ask for broadcast; else
     * broadcast, since a client without an address cannot receive unicast.
     *
     * @return the destination, or null when the request names one no answer may go to: a relay
     *         that did not send from the relay port, or any address that is not one host's
     *         (unspecified, broadcast, multicast, a local subnet's broadcast, this host's own, or
     *         loopback unless the listener itself is on loopback)
     */
    static InetSocketAddress destination(DhcpPacket request, InetSocketAddress sender, ExchangePort port,
            DhcpSettings settings, LocalAddresses local) {
        DhcpSettings.Listen listener = port == ExchangePort.PROXY_DHCP ? settings.proxy() : settings.pxe();
        boolean loopbackAllowed = listener.address().isLoopbackAddress();
        if (port == ExchangePort.PXE_BOOT_SERVER) {
            return oneHost(sender.getAddress(), loopbackAllowed, local) ? sender : null;
        }
        if (!request.giaddr().isAnyLocalAddress()) {
            // Relay agents send from the server port (RFC 2131 4.1); a client naming a relay does not.
            boolean relay = sender.getPort() == settings.relayPort()
                    && oneHost(request.giaddr(), loopbackAllowed, local);
            return relay ? new InetSocketAddress(request.giaddr(), settings.relayPort()) : null;
        }
        if (!request.ciaddr().isAnyLocalAddress() && !request.isBroadcast()) {
            return oneHost(request.ciaddr(), loopbackAllowed, local)
                    ? new InetSocketAddress(request.ciaddr(), settings.clientPort()) : null;
        }
        return new InetSocketAddress(settings.broadcastAddress(), settings.clientPort());
    }

    /** Whether an address names one host other than this one. */
    static boolean oneHost(InetAddress address, boolean loopbackAllowed, LocalAddresses local) {
        if (!(address instanceof Inet4Address) || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if ((b[0] & 0xff) == 255 && (b[1] & 0xff) == 255 && (b[2] & 0xff) == 255 && (b[3] & 0xff) == 255) {
            return false;
        }
        if (address.isLoopbackAddress()) {
            return loopbackAllowed;
        }
        return !local.isOwnOrBroadcast(address);
    }
}
