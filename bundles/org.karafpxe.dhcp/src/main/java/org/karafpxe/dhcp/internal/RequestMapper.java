package org.karafpxe.dhcp.internal;

import java.net.Inet4Address;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.karafpxe.api.Architecture;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.ExchangePort;
import org.karafpxe.api.MacAddress;
import org.karafpxe.api.PlaceholderGuids;
import org.karafpxe.api.RawOptions;
import org.karafpxe.dhcp.DhcpPacket;

/** Turns a decoded DHCP request into the provider chain's {@link BootRequest}. */
final class RequestMapper {

    /** The "Arch:xxxxx" field of a PXE vendor class, for clients that send no option 93. */
    private static final Pattern ARCH_FIELD = Pattern.compile("Arch:(\\d{5})");

    private RequestMapper() {
    }

    /** The packet must carry a hardware address (hlen 1..16). */
    static BootRequest map(DhcpPacket packet, String vendorClass, ExchangePort port, Inet4Address serverAddress,
            Architecture missing) {
        byte[] mac = packet.hardwareAddress();
        BootRequest.Builder b = BootRequest.builder(MacAddress.of(mac), serverAddress)
                .architecture(architecture(packet.options().clientArchitectures(), vendorClass, missing))
                .vendorClass(vendorClass)
                .userClasses(packet.options().userClasses())
                .secs(packet.secs())
                .port(port)
                .options(rawOptions(packet));
        // Matching on a GUID that identifies no machine would confuse machines: the MAC identifies them.
        packet.options().clientGuid().filter(g -> !PlaceholderGuids.contains(g)).ifPresent(b::guid);
        if (!packet.giaddr().isAnyLocalAddress()) {
            b.relayAddress(packet.giaddr());
        }
        return b.build();
    }

    /**
     * Option 93 (its first value when the client lists several), else option 60's Arch field, else
     * {@code missing} (WDS takes such a client for x86 BIOS). A code that is named but not in the
     * registry stays {@link Architecture#UNKNOWN}.
     */
    static Architecture architecture(List<Integer> option93, String vendorClass, Architecture missing) {
        if (!option93.isEmpty()) {
            return Architecture.of(option93.get(0));
        }
        Matcher m = ARCH_FIELD.matcher(vendorClass);
        return m.find() ? Architecture.of(Integer.parseInt(m.group(1))) : missing;
    }

    private static RawOptions rawOptions(DhcpPacket packet) {
        RawOptions.Builder raw = RawOptions.builder();
        packet.options().forEach(raw::put);
        return raw.build();
    }

}
