package org.karafpxe.dhcp.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.karafpxe.api.Architecture;
import org.karafpxe.api.BootAnswer;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.api.ExchangePort;
import org.karafpxe.api.MacAddress;
import org.karafpxe.api.PlaceholderGuids;
import org.karafpxe.api.RawOptions;
import org.karafpxe.engine.ChainResult;
import org.karafpxe.support.UrlHosts;

/**
 * What this server says over DHCPv6 (RFC 8415, RFC 5970), as the provider chain decides: plain Java,
 * no sockets. UEFI firmware boots over IPv6 beside the site's DHCPv6 server, which leases the
 * address, as it boots over IPv4 beside the site's DHCP server. What each answer carries follows
 * what EDK2 accepts (NetworkPkg's UefiPxeBcDxe/PxeBcDhcp6.c and HttpBootDxe/HttpBootDhcp6.c):
 * <ul>
 * <li>PXE: the firmware's SOLICIT gets a proxy ADVERTISE: the PXEClient vendor class, no address,
 * no boot file. Having its address from the site's server, the firmware asks this server on port
 * 4011 (a REQUEST to ff02::1:2) and gets a REPLY with the boot file, {@code tftp://[server]/path}.</li>
 * <li>HTTP boot: the SOLICIT gets an ADVERTISE with the HTTPClient vendor class and the boot URL,
 * which the firmware combines with the site server's address.</li>
 * <li>iPXE takes its boot file from the DHCPv6 server that leases its address and from no other,
 * so its SOLICIT is decided here but not answered: the site's server names
 * {@code ipxe/v6/<mac>.ipxe} on this server, which hands over what was decided
 * ({@link Ipxe6Handoffs}).</li>
 * <li>A machine that is to boot locally (falling through, or told to abort) gets an ADVERTISE with
 * the highest preference: the firmware takes it at once. Without an address in it, EDK2 drops it
 * only when its first retransmission time (4 s) is up, so where this server has a global address on
 * the segment the answer leases the machine an address of that /64 for {@value #FALLING_LEASE_SECONDS}
 * s ({@code v6.fallthrough.address}): the firmware takes it, asks this server for it (a REQUEST with
 * this server's DUID, answered with a REPLY), finds no boot file there and ends the boot option at
 * once. The address is drawn from the machine's DUID and IAID, so it is the same at each try and
 * needs no table.</li>
 * </ul>
 * No other answer carries an address, none a status code (EDK2 drops an ADVERTISE with a status
 * code), nor a preference unless it ends the option (255 makes the firmware choose before the site's
 * server has answered).
 */
final class Dhcp6Answers {

    /** The kind of client, from its user class (iPXE) or its vendor class. */
    enum Client {
        PXE, HTTP, IPXE;

        static Optional<Client> of(Dhcp6Message message) {
            if (message.userClasses().contains("iPXE")) {
                return Optional.of(IPXE);
            }
            Optional<String> vendor = message.vendorClass();
            if (vendor.isEmpty()) {
                return Optional.empty();
            }
            return vendor.get().startsWith("PXEClient") ? Optional.of(PXE)
                    : vendor.get().startsWith("HTTPClient") ? Optional.of(HTTP) : Optional.empty();
        }
    }

    /** What becomes of one client message. */
    sealed interface Outcome {
        /** Send this message to the client; count it under {@code counter}. */
        record Send(Dhcp6Message message, String counter) implements Outcome {
        }

        /** Answer nothing, and keep this iPXE script for the machine's fetch of its hand-over file. */
        record Handoff(String script) implements Outcome {
        }

        /** Answer nothing; count it under {@code counter}, for the reason given. */
        record Ignore(String counter, String why) implements Outcome {
        }
    }

    /** Where a falling machine's URL points: a name this server answers "not found" at once. */
    static final String FALL_THROUGH_PATH = "/boot/fall-through/";
    /** The same over TFTP: a name no boot file has, refused at once. */
    static final String FALL_THROUGH_FILE = "fall-through/";

    /** How long the address leased to a falling machine lasts: its firmware uses it for a second or two. */
    static final int FALLING_LEASE_SECONDS = 120;
    private static final int IA_ADDRESS = 5;

    private final byte[] serverDuid;
    private final int httpPort;
    private final boolean leaseFalling;

    Dhcp6Answers(byte[] serverDuid, int httpPort) {
        this(serverDuid, httpPort, true);
    }

    /** @param leaseFalling whether a falling machine is leased a short-lived address ({@code v6.fallthrough.address}) */
    Dhcp6Answers(byte[] serverDuid, int httpPort, boolean leaseFalling) {
        this.serverDuid = serverDuid.clone();
        this.httpPort = httpPort;
        this.leaseFalling = leaseFalling;
    }

    /**
     * Whether a message of this type, from this kind of client, on this port, is one to decide: a
     * SOLICIT, iPXE's INFORMATION-REQUEST, on port 4011 the PXE firmware's REQUEST for its boot file,
     * and on port 547 a REQUEST for an address this server advertised (one naming this server's DUID).
     */
    boolean asks(Dhcp6Message message, Client client, ExchangePort port) {
        if (port == ExchangePort.PXE_BOOT_SERVER) {
            return client == Client.PXE && message.type() == Dhcp6Message.REQUEST;
        }
        return message.type() == Dhcp6Message.SOLICIT
                || client == Client.IPXE && message.type() == Dhcp6Message.INFORMATION_REQUEST
                || client != Client.IPXE && message.type() == Dhcp6Message.REQUEST && leaseFalling
                        && namesThisServer(message);
    }

    /** Whether the message carries this server's DUID (option 2): it is meant for this server. */
    private boolean namesThisServer(Dhcp6Message message) {
        return message.option(Dhcp6Message.SERVER_ID).map(id -> Arrays.equals(id, serverDuid)).orElse(false);
    }

    /**
     * The REPLY to a machine giving back (RELEASE) or refusing (DECLINE) an address this server
     * leased it as it fell through: there is nothing to free, but the firmware waits for the
     * answer, retrying for about a minute, before it moves on to its next boot option. Empty for
     * any other message, and for one addressed to another server.
     */
    Optional<Dhcp6Message> releaseReply(Dhcp6Message message) {
        if (!leaseFalling || message.type() != Dhcp6Message.RELEASE && message.type() != Dhcp6Message.DECLINE
                || message.clientId().isEmpty() || !namesThisServer(message)) {
            return Optional.empty();
        }
        byte[] success = {0, 0, 'd', 'o', 'n', 'e'};
        return Optional.of(new Dhcp6Message(Dhcp6Message.REPLY, message.xid(), List.of(
                new Dhcp6Message.Option(Dhcp6Message.CLIENT_ID, message.clientId().get()),
                new Dhcp6Message.Option(Dhcp6Message.SERVER_ID, serverDuid),
                new Dhcp6Message.Option(Dhcp6Message.STATUS_CODE, success))));
    }

    /** The chain's question for a client message. */
    static BootRequest request(Dhcp6Message message, Client client, MacAddress mac, InetAddress server,
            ExchangePort port) {
        BootRequest.Builder b = BootRequest.builder(mac, server)
                .architecture(message.architecture().map(Architecture::of).orElse(Architecture.UNKNOWN))
                .userClasses(client == Client.IPXE ? List.of("iPXE") : List.of())
                .port(port).options(rawOptions(message));
        message.vendorClass().ifPresent(b::vendorClass);
        message.clientId().flatMap(d -> duidUuid(d, client != Client.IPXE)).filter(g -> !PlaceholderGuids.contains(g))
                .ifPresent(b::guid);
        return b.build();
    }

    /** The message's options for providers: the first of each code (at most 64 options are decoded). */
    private static RawOptions rawOptions(Dhcp6Message message) {
        RawOptions.Builder raw = RawOptions.builder();
        Set<Integer> seen = new HashSet<>();
        for (Dhcp6Message.Option o : message.options()) {
            if (seen.add(o.code())) {
                raw.put(o.code(), o.value());
            }
        }
        return raw.build();
    }

    /** The answer to a client message, given the chain's result for it. */
    Outcome answer(Dhcp6Message message, Client client, ExchangePort port, InetAddress server, ChainResult result) {
        if (!(result.decision() instanceof Decision.Service service)) {
            return new Outcome.Ignore(DhcpCounters.V6_IGNORED_BY_CHAIN, "no answer: " + result.describe());
        }
        BootAnswer answer = service.answer();
        boolean falling = answer.localBoot() || result.decidedBy().equals(ChainResult.FALL_THROUGH);
        if (client == Client.IPXE) {
            return new Outcome.Handoff(falling ? "#!ipxe\nexit 1\n"
                    : "#!ipxe\nchain " + url(answer.bootFile(), server, "http") + "\n");
        }
        if (answer.isReferral()) {
            return new Outcome.Ignore(DhcpCounters.V6_IGNORED_BY_CHAIN, "no answer: a referral ("
                    + answer.describe() + ") is sent over IPv4 only");
        }
        boolean addressRequest = port == ExchangePort.PROXY_DHCP && message.type() == Dhcp6Message.REQUEST;
        Optional<Dhcp6Message.Option> lease = falling && port == ExchangePort.PROXY_DHCP
                ? fallingLease(message, server) : Optional.empty();
        if (addressRequest && lease.isEmpty()) {
            return new Outcome.Ignore(DhcpCounters.V6_IGNORED_MESSAGE_TYPE, "no answer: a REQUEST for an address, "
                    + "and this machine is not falling through (" + result.describe() + ")");
        }
        byte[] clientId = message.clientId().orElseThrow();
        List<Dhcp6Message.Option> options = new ArrayList<>();
        options.add(new Dhcp6Message.Option(Dhcp6Message.CLIENT_ID, clientId));
        options.add(new Dhcp6Message.Option(Dhcp6Message.SERVER_ID, serverDuid));
        lease.ifPresent(options::add);
        String vendor = client == Client.HTTP ? "HTTPClient" : "PXEClient";
        if (falling) {
            if (port != ExchangePort.PXE_BOOT_SERVER && !addressRequest) {
                // The highest preference makes the firmware take this answer at once (RFC 8415
                // 18.2.9); with no address in it, or no boot file, the boot option ends.
                options.add(new Dhcp6Message.Option(Dhcp6Message.PREFERENCE, new byte[] {(byte) 255}));
            }
            String url = "http://" + UrlHosts.of(server) + ":" + httpPort + FALL_THROUGH_PATH;
            if (client == Client.HTTP) {
                // Where the site's address offer came first, a URL answered "not found" at once.
                options.add(new Dhcp6Message.Option(Dhcp6Message.BOOTFILE_URL, ascii(answer.localBoot() ? url
                        : answer.bootFile())));
            } else if (port == ExchangePort.PXE_BOOT_SERVER) {
                // Where the site's address offer came first, PXE asks 4011 (at ff02::1:2, as the
                // ADVERTISE names no boot file): a file that is not there ends it at once.
                options.add(new Dhcp6Message.Option(Dhcp6Message.BOOTFILE_URL,
                        ascii(url(FALL_THROUGH_FILE, server, "tftp"))));
            }
        } else if (client == Client.HTTP) {
            options.add(new Dhcp6Message.Option(Dhcp6Message.BOOTFILE_URL, ascii(url(answer.bootFile(), server, "http"))));
        } else {
            String url = url(answer.bootFile(), server, "tftp");
            if (!url.startsWith("tftp://")) {
                // Not offered at all: an ADVERTISE would send the firmware to 4011 for nothing.
                return new Outcome.Ignore(DhcpCounters.V6_IGNORED_BY_CHAIN, "no answer: PXE over IPv6 fetches "
                        + "over TFTP only, and " + answer.bootFile() + " is not a TFTP path");
            }
            if (port == ExchangePort.PXE_BOOT_SERVER) {
                options.add(new Dhcp6Message.Option(Dhcp6Message.BOOTFILE_URL, ascii(url)));
            }
        }
        // The vendor class comes after the URL: EDK2 reads the URL as text up to a zero byte, which
        // the next option's code supplies.
        options.add(new Dhcp6Message.Option(Dhcp6Message.VENDOR_CLASS,
                Dhcp6Message.vendorClassValue(Dhcp6Message.ENTERPRISE_INTEL, vendor)));
        boolean reply = port == ExchangePort.PXE_BOOT_SERVER || addressRequest;
        return new Outcome.Send(new Dhcp6Message(reply ? Dhcp6Message.REPLY : Dhcp6Message.ADVERTISE, message.xid(),
                options), reply ? DhcpCounters.V6_ACKS : DhcpCounters.V6_OFFERS);
    }

    /**
     * The IA_NA leasing a falling machine an address for {@value #FALLING_LEASE_SECONDS} s: in the
     * /64 of this server's global (or unique local) address facing it, its interface identifier drawn
     * from this server's DUID and the client's DUID and IAID. None without such an address, without
     * an IA_NA in the client's message, or when turned off.
     */
    Optional<Dhcp6Message.Option> fallingLease(Dhcp6Message message, InetAddress server) {
        Optional<byte[]> asked = message.option(Dhcp6Message.IA_NA).filter(ia -> ia.length >= 12);
        if (!leaseFalling || asked.isEmpty() || !(server instanceof Inet6Address) || server.isLinkLocalAddress()
                || server.isMulticastAddress() || server.isLoopbackAddress()) {
            return Optional.empty();
        }
        byte[] address = server.getAddress();
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sha.update(serverDuid);
        sha.update(message.clientId().orElseThrow());
        sha.update(asked.get(), 0, 4);
        byte[] digest = sha.digest();
        System.arraycopy(digest, 0, address, 8, 8);
        // Not a universal (EUI-64) identifier, and never all zeros (the subnet-router anycast address).
        address[8] &= (byte) ~0x02;
        address[15] |= 0x01;
        ByteBuffer ia = ByteBuffer.allocate(12 + 4 + 24);
        ia.put(asked.get(), 0, 4).putInt(0).putInt(0);
        ia.putShort((short) IA_ADDRESS).putShort((short) 24).put(address)
                .putInt(FALLING_LEASE_SECONDS).putInt(FALLING_LEASE_SECONDS);
        return Optional.of(new Dhcp6Message.Option(Dhcp6Message.IA_NA, ia.array()));
    }

    /**
     * A boot file as a URL: a URL stays as it is; a path is on this server, over TFTP or over its
     * HTTP port ({@code /boot/<path>}).
     */
    String url(String bootFile, InetAddress server, String scheme) {
        if (bootFile.contains("://")) {
            return bootFile;
        }
        String path = bootFile.startsWith("/") ? bootFile.substring(1) : bootFile;
        return scheme.equals("tftp") ? "tftp://" + UrlHosts.of(server) + "/" + path
                : "http://" + UrlHosts.of(server) + ":" + httpPort + "/boot/" + path;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The client's MAC: from an EUI-64 link-local address, else from a DUID that carries it. */
    static Optional<MacAddress> mac(Inet6Address source, byte[] duid) {
        byte[] a = source.getAddress();
        if (source.isLinkLocalAddress() && (a[11] & 0xff) == 0xff && (a[12] & 0xff) == 0xfe) {
            return Optional.of(MacAddress.of(new byte[] {(byte) (a[8] ^ 0x02), a[9], a[10], a[13], a[14], a[15]}));
        }
        int type = (duid[0] & 0xff) << 8 | (duid[1] & 0xff);
        int hardwareType = duid.length >= 4 ? (duid[2] & 0xff) << 8 | (duid[3] & 0xff) : -1;
        // DUID-LLT: type, hardware type, 4 bytes of time, the address; DUID-LL: type, hardware type, the address.
        int at = type == 1 ? 8 : type == 3 ? 4 : -1;
        if (at > 0 && hardwareType == 1 && duid.length == at + 6) {
            byte[] mac = new byte[6];
            System.arraycopy(duid, at, mac, 0, 6);
            return Optional.of(MacAddress.of(mac));
        }
        return Optional.empty();
    }

    /**
     * The machine's GUID from a DUID-UUID (type 4, RFC 6355). UEFI firmware (EDK2) copies the SMBIOS
     * UUID into it as it lies in memory, the first three fields little-endian, as in DHCPv4's option
     * 97 ({@code firmwareOrder}); iPXE writes it in the RFC's network order. Read so, a machine has one
     * GUID over both families and both clients.
     */
    static Optional<UUID> duidUuid(byte[] duid, boolean firmwareOrder) {
        if (duid.length != 18 || duid[0] != 0 || duid[1] != 4) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(duid, 2, 16);
        if (!firmwareOrder) {
            return Optional.of(new UUID(b.getLong(), b.getLong()));
        }
        long timeLow = Integer.toUnsignedLong(Integer.reverseBytes(b.getInt()));
        long timeMid = Short.toUnsignedLong(Short.reverseBytes(b.getShort()));
        long timeHigh = Short.toUnsignedLong(Short.reverseBytes(b.getShort()));
        return Optional.of(new UUID(timeLow << 32 | timeMid << 16 | timeHigh, b.getLong()));
    }

    /** A DUID-UUID (RFC 6355) for this server: type 4 and the UUID. */
    static byte[] serverDuid(UUID uuid) {
        ByteBuffer b = ByteBuffer.allocate(18);
        b.putShort((short) 4).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return b.array();
    }
}
