package org.karafpxe.api;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One PXE boot request as the provider chain sees it.
 *
 * @param mac            the client hardware address (chaddr)
 * @param guid           the client machine GUID from option 97, in the byte order firmware setup
 *                       screens and hypervisors print; empty when missing, malformed or banned
 *                       (all zeros, duplicates), so that the MAC identifies the client
 * @param architecture   from option 93 (or the {@code Arch:} field of option 60)
 * @param vendorClass    option 60, for example {@code PXEClient:Arch:00007:UNDI:003000}
 * @param userClasses    option 77, for example {@code [iPXE]}
 * @param secs           seconds since the client began booting (the BOOTP {@code secs} field)
 * @param relayAddress   giaddr when a DHCP relay forwarded the request
 * @param port           the exchange the request arrived on (67 or 4011; over IPv6, 547 or 4011)
 * @param serverAddress  this server's address on the network the request came from: an IPv6
 *                       address for a request over DHCPv6 ({@link #isIpv6()})
 * @param options        every option as received: DHCP options, or over IPv6 DHCPv6 options (RFC 8415
 *                       codes; the client's DUID is option 1, {@link #duid()})
 * @param dryRun         a question from an operator ({@code pxe:explain}), not a client: answer
 *                       as for a real request, but change nothing (no one-shot task consumed,
 *                       nothing recorded as seen)
 */
public record BootRequest(
        MacAddress mac,
        Optional<UUID> guid,
        Architecture architecture,
        Optional<String> vendorClass,
        List<String> userClasses,
        int secs,
        Optional<InetAddress> relayAddress,
        ExchangePort port,
        InetAddress serverAddress,
        RawOptions options,
        boolean dryRun) {

    /** Option 97, the client's GUID (RFC 4578). */
    private static final int CLIENT_MACHINE_IDENTIFIER = 97;

    /** DHCPv6 option 1, the client's DUID (RFC 8415). */
    private static final int DHCP6_CLIENT_ID = 1;

    /** Option 175, carried only by iPXE. */
    private static final int IPXE_ENCAPSULATED_OPTIONS = 175;

    public BootRequest {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(guid, "guid");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(vendorClass, "vendorClass");
        userClasses = List.copyOf(userClasses);
        Objects.requireNonNull(relayAddress, "relayAddress");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(serverAddress, "serverAddress");
        Objects.requireNonNull(options, "options");
        if (secs < 0 || secs > 0xFFFF) {
            throw new IllegalArgumentException("secs is a 16-bit field, got " + secs);
        }
    }

    /**
     * Whether the client is iPXE (user class "iPXE" or option 175). Option 60 cannot tell: iPXE
     * sends "PXEClient" like any firmware.
     */
    public boolean isIpxe() {
        return userClasses.contains("iPXE") || options.contains(IPXE_ENCAPSULATED_OPTIONS);
    }

    /** Whether the client is UEFI HTTP boot firmware (option 60 "HTTPClient..."). */
    public boolean isHttpClient() {
        return vendorClass.map(v -> v.startsWith("HTTPClient")).orElse(false);
    }

    /**
     * Whether the request came over IPv6 (DHCPv6, RFC 8415 and RFC 5970): UEFI PXE or HTTP boot over
     * IPv6, or iPXE over IPv6. Its {@link #options()} are then DHCPv6 options.
     *
     * @since 1.7
     */
    public boolean isIpv6() {
        return serverAddress instanceof Inet6Address;
    }

    /**
     * The client's DUID (DHCPv6 option 1) for a request over IPv6; empty over IPv4.
     *
     * @since 1.7
     */
    public Optional<byte[]> duid() {
        return isIpv6() ? options.get(DHCP6_CLIENT_ID) : Optional.empty();
    }

    /**
     * A request with the GUID removed, for when the GUID is banned: from {@link #guid()} and from
     * the raw options (option 97; over IPv6 the DUID, which carries it), so that no provider can
     * match the client by it.
     */
    public BootRequest withoutGuid() {
        return new BootRequest(mac, Optional.empty(), architecture, vendorClass, userClasses, secs,
                relayAddress, port, serverAddress,
                options.without(isIpv6() ? DHCP6_CLIENT_ID : CLIENT_MACHINE_IDENTIFIER), dryRun);
    }

    public static Builder builder(MacAddress mac, InetAddress serverAddress) {
        return new Builder(mac, serverAddress);
    }

    /** Builds a request field by field; unset fields take the values of a bare BIOS client. */
    public static final class Builder {
        private final MacAddress mac;
        private final InetAddress serverAddress;
        private UUID guid;
        private Architecture architecture = Architecture.X86_BIOS;
        private String vendorClass;
        private List<String> userClasses = List.of();
        private int secs;
        private InetAddress relayAddress;
        private ExchangePort port = ExchangePort.PROXY_DHCP;
        private RawOptions options = RawOptions.empty();
        private boolean dryRun;

        private Builder(MacAddress mac, InetAddress serverAddress) {
            this.mac = mac;
            this.serverAddress = serverAddress;
        }

        public Builder guid(UUID guid) {
            this.guid = guid;
            return this;
        }

        public Builder architecture(Architecture architecture) {
            this.architecture = architecture;
            return this;
        }

        public Builder vendorClass(String vendorClass) {
            this.vendorClass = vendorClass;
            return this;
        }

        public Builder userClasses(List<String> userClasses) {
            this.userClasses = userClasses;
            return this;
        }

        public Builder secs(int secs) {
            this.secs = secs;
            return this;
        }

        public Builder relayAddress(InetAddress relayAddress) {
            this.relayAddress = relayAddress;
            return this;
        }

        public Builder port(ExchangePort port) {
            this.port = port;
            return this;
        }

        public Builder options(RawOptions options) {
            this.options = options;
            return this;
        }

        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        public BootRequest build() {
            return new BootRequest(mac, Optional.ofNullable(guid), architecture,
                    Optional.ofNullable(vendorClass), userClasses, secs,
                    Optional.ofNullable(relayAddress), port, serverAddress, options, dryRun);
        }
    }
}
