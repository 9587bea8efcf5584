package org.karafpxe.support;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.karafpxe.api.Architecture;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.ExchangePort;
import org.karafpxe.api.MacAddress;

/**
 * The request an operator's question stands for ({@code pxe:explain}, the API's explain): a dry run,
 * answered as a client's request would be, changing nothing.
 */
public final class DryRuns {

    private DryRuns() {
    }

    /**
     * @param port 67 (proxy DHCP) or 4011 (PXE boot server); over IPv6 547 (DHCPv6) or 4011; 0 for
     *             the first exchange of the family
     * @throws IllegalArgumentException naming the value refused and what is allowed
     */
    public static BootRequest request(MacAddress mac, Optional<UUID> guid, int architectureCode, boolean ipxe,
            int secs, int port, boolean ipv6) {
        int first = ipv6 ? 547 : 67;
        int asked = port == 0 || (ipv6 && port == 67) ? first : port;
        if (asked != first && asked != 4011) {
            throw new IllegalArgumentException("port " + port + ": use " + first + (ipv6 ? " (DHCPv6)" : " (proxy DHCP)")
                    + " or 4011 (PXE boot server)");
        }
        if (secs < 0 || secs > 65535) {
            throw new IllegalArgumentException("secs " + secs + ": use 0 to 65535");
        }
        // A question, not a client: this host's loopback address in the client's family stands for the server's.
        InetAddress server;
        try {
            server = ipv6 ? InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})
                    : InetAddress.getLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        Architecture architecture = Architecture.of(architectureCode);
        BootRequest.Builder request = BootRequest.builder(mac, server)
                .architecture(architecture).secs(secs).dryRun(true)
                .port(asked == 4011 ? ExchangePort.PXE_BOOT_SERVER : ExchangePort.PROXY_DHCP)
                .vendorClass(String.format(architecture.isHttpBoot() ? "HTTPClient:Arch:%05d"
                        : "PXEClient:Arch:%05d", architectureCode));
        guid.ifPresent(request::guid);
        if (ipxe) {
            request.userClasses(List.of("iPXE"));
        }
        return request.build();
    }
}
