package org.karafpxe.dhcp.internal;

import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import org.karafpxe.api.BootAnswer;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.ExchangePort;
import org.karafpxe.dhcp.DhcpMessageType;
import org.karafpxe.dhcp.DhcpOptions;
import org.karafpxe.dhcp.DhcpPacket;
import org.karafpxe.dhcp.IpxeOptions;
import org.karafpxe.dhcp.PxeVendorOptions;

/**
 * Builds the answer to a PXE client: a proxy OFFER on port 67, an ACK on port 4011.
 *
 * <p>The form follows what firmware is seen to need. The boot server goes in siaddr and sname
 * and the boot file in the file field, and both in options 66/67 too: some firmware reads only
 * the header, some only the options. BIOS PXE ROMs and iPXE get option 43 with discovery control
 * "use the boot file" so they boot at once. Native UEFI PXE gets the "BINL" form, without 43:
 * EDK2 then asks port 4011 for its boot file, which is what works across UEFI firmware (the
 * PXE10 form is misread by some). iPXE also gets option 175.176 (no-pxedhcp) so it does not wait
 * seconds for more proxy offers. HTTP boot clients get "HTTPClient" echoed and a URL.
 */
final class ReplyBuilder {

    private static final int OPTION_VENDOR_SPECIFIC = 43;
    private static final String LOCAL_BOOT = "Local boot";
    private static final int OPTION_CLIENT_GUID = 97;
    /*
     * The option 43 values that do not depend on the request, encoded once: most answers carry one
     * of them, and at thousands of answers a second each encoding is garbage to collect.
     */
    /** PXE 2.1 boot menu with one item, local boot (type 0), chosen at once (prompt timeout 0). */
    private static final byte[] LOCAL_BOOT_MENU = PxeVendorOptions.builder()
            .discoveryControl(PxeVendorOptions.DISABLE_BROADCAST | PxeVendorOptions.DISABLE_MULTICAST)
            .menuEntry(0, LOCAL_BOOT).menuPrompt(0, LOCAL_BOOT).build().encode();
    /** Discovery control "use the boot file": boot at once, no boot server discovery. */
    private static final byte[] USE_BOOT_FILE = PxeVendorOptions.builder()
            .discoveryControl(PxeVendorOptions.USE_BOOT_FILE).build().encode();
    private static final IpxeOptions NO_PXEDHCP = IpxeOptions.noPxeDhcp();

    private ReplyBuilder() {
    }

    static DhcpPacket build(DhcpPacket request, BootRequest client, PxeClientKind kind, BootAnswer answer,
            Inet4Address serverAddress) {
        boolean ack = client.port() == ExchangePort.PXE_BOOT_SERVER;
        /*
         * The "BINL" offer to native UEFI PXE sends the firmware to port 4011 of siaddr (EDK2 takes
         * siaddr before option 54), where the decision is made again: that must be this server, so a
         * referral goes in the 4011 ACK, and the referral server need only serve the boot file.
         */
        boolean binlOffer = !ack && kind == PxeClientKind.PXE && !answer.localBoot() && !client.isIpxe()
                && client.architecture().isUefi();
        Inet4Address bootServer = binlOffer ? serverAddress : answer.bootServer()
                .filter(Inet4Address.class::isInstance).map(Inet4Address.class::cast).orElse(serverAddress);
        String bootServerName = binlOffer ? serverAddress.getHostAddress()
                : answer.bootServerName().orElse(bootServer.getHostAddress());

        DhcpOptions.Builder options = DhcpOptions.builder()
                .messageType(ack ? DhcpMessageType.ACK : DhcpMessageType.OFFER)
                .serverIdentifier(serverAddress)
                .vendorClass(kind.vendorClass());
        // Echoed in its one valid form only (type 0 and 16 bytes), not at whatever length a client sent.
        request.options().get(OPTION_CLIENT_GUID).filter(g -> g.length == 17 && g[0] == 0)
                .ifPresent(guid -> options.put(OPTION_CLIENT_GUID, guid));
        if (answer.localBoot()) {
            // PXE ROMs, iPXE and UEFI PXE give up network boot and the firmware moves on.
            options.put(OPTION_VENDOR_SPECIFIC, LOCAL_BOOT_MENU);
        } else {
            options.tftpServerName(bootServerName).bootFileName(answer.bootFile());
        }
        if (kind == PxeClientKind.PXE && !answer.localBoot()) {
            vendorOptions(options, request, client, ack);
            if (client.isIpxe() && !ack) {
                options.ipxeOptions(NO_PXEDHCP);
            }
        }
        answer.extraOptions().forEach(options::put);

        return DhcpPacket.builder()
                .op(DhcpPacket.BOOTREPLY)
                .htype(request.htype())
                .hlen(request.hlen())
                .xid(request.xid())
                // A reply with neither yiaddr nor ciaddr can reach its client only by broadcast: a relay
                // told otherwise sends it to 0.0.0.0 (dnsmasq's relay does), so the flag is set for it.
                .flags(ack && !request.ciaddr().isAnyLocalAddress() ? request.flags()
                        : request.flags() | DhcpPacket.BROADCAST_FLAG)
                .ciaddr(ack ? request.ciaddr() : any())
                .yiaddr(any())
                .siaddr(bootServer)
                .giaddr(request.giaddr())
                .chaddr(request.chaddr())
                .sname(!answer.localBoot() && fitsHeader(bootServerName, 63) ? bootServerName : "")
                .file(fitsHeader(answer.bootFile(), 127) ? answer.bootFile() : "")
                .options(options.build())
                .build();
    }

    private static void vendorOptions(DhcpOptions.Builder options, DhcpPacket request, BootRequest client,
            boolean ack) {
        if (ack) {
            // A boot server ACK names the boot item the client asked for (PXE 2.1, 2.2.4).
            request.options().pxeVendorOptions().flatMap(PxeVendorOptions::bootItem)
                    .ifPresent(item -> options.pxeVendorOptions(
                            PxeVendorOptions.builder().bootItem(item.type(), item.layer()).build()));
        } else if (client.isIpxe() || !client.architecture().isUefi()) {
            options.put(OPTION_VENDOR_SPECIFIC, USE_BOOT_FILE);
        }
    }

    /**
     * A name too long for the header goes in its option only: a truncated boot file name in the
     * header would send the client for the wrong file.
     */
    private static boolean fitsHeader(String value, int maxBytes) {
        // A UTF-16 char takes one to three bytes in UTF-8 (a surrogate pair four, for two chars):
        // only a name between those bounds needs encoding to tell.
        if (value.length() > maxBytes) {
            return false;
        }
        return value.length() * 3 <= maxBytes || value.getBytes(StandardCharsets.UTF_8).length <= maxBytes;
    }

    private static Inet4Address any() {
        return Addresses.ANY;
    }
}
