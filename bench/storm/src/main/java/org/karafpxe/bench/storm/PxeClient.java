package org.karafpxe.bench.storm;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.karafpxe.dhcp.ClientNdi;
import org.karafpxe.dhcp.DhcpCodec;
import org.karafpxe.dhcp.DhcpMessageType;
import org.karafpxe.dhcp.DhcpOptions;
import org.karafpxe.dhcp.DhcpPacket;
import org.karafpxe.dhcp.PxeVendorOptions;
import org.karafpxe.tftp.Ack;
import org.karafpxe.tftp.DecodeResult;
import org.karafpxe.tftp.ErrorPacket;
import org.karafpxe.tftp.OptionAck;
import org.karafpxe.tftp.ReadRequest;
import org.karafpxe.tftp.TftpCodec;
import org.karafpxe.tftp.TftpErrorCode;
import org.karafpxe.tftp.TransferMode;

/**
 * One simulated PXE machine, a state machine run by a single event loop: DISCOVER to the proxy
 * port until a proxy OFFER comes; for UEFI firmware (and for offers that carry a boot menu instead
 * of a file) a REQUEST to the boot server port until the ACK; then the boot file over TFTP, with
 * UEFI's size probe first when enabled, and the file checked at the end.
 *
 * <p>Kept small, since a storm has up to tens of thousands of them: the TFTP socket, its peer and
 * the digest exist only during the transfer.
 */
@Sharable
final class PxeClient extends ChannelInboundHandlerAdapter {

    enum State { WAITING, DISCOVERING, REQUESTING, TFTP_PROBE, TFTP_READ, DONE, FAILED }

    static final String BIOS_VENDOR_CLASS = "PXEClient:Arch:00000:UNDI:002001";
    static final String UEFI_VENDOR_CLASS = "PXEClient:Arch:00007:UNDI:003016";
    private static final ClientNdi BIOS_NDI = new ClientNdi(ClientNdi.UNDI, 2, 1);
    private static final ClientNdi UEFI_NDI = new ClientNdi(ClientNdi.UNDI, 3, 16);
    /** The parameter request list of EDK2's PXE DISCOVER. */
    private static final int[] PARAMETERS = {1, 2, 3, 4, 5, 6, 12, 13, 15, 17, 18, 22, 23, 28, 40, 41, 42, 43, 50,
        51, 54, 58, 59, 60, 66, 67, 97, 128, 129, 130, 131, 132, 133, 134, 135};
    private static final int MAX_MESSAGE_SIZE = 1472;
    private static final int BOOT_SERVER_FLAG = 0x800000;

    final Storm storm;
    final int index;
    final EventLoop loop;
    final boolean uefi;

    private State state = State.WAITING;
    private long startNanos;
    private long phaseNanos;
    private int attempt;
    private ScheduledFuture<?> timer;
    private ScheduledFuture<?> deadline;

    /** Boot server exchange: where the REQUEST goes and the boot item it names (-1: none). */
    private Inet4Address bootServer;
    private int bootItem = -1;
    private Inet4Address tftpServer;
    private String bootFile;

    private Channel channel;
    private InetSocketAddress peer;
    private boolean optionsSettled;
    private int blksize;
    private int window;
    private int expected;
    private int inWindow;
    private int gapAckedAt;
    private int tries;
    private long lastActivityNanos;
    private long tftpStartNanos;
    private long bytes;
    private long tsize;
    private MessageDigest digest;
    private byte[] lastRequest;

    PxeClient(Storm storm, int index, EventLoop loop, boolean uefi) {
        this.storm = storm;
        this.index = index;
        this.loop = loop;
        this.uefi = uefi;
    }

    /** The machine this client plays: its index, shifted for a warm-up storm. */
    int identity() {
        return storm.options.firstIndex + index;
    }

    private StormOptions options() {
        return storm.options;
    }

    private Stats stats() {
        return storm.stats;
    }

    // ------------------------------------------------------------------ start, end

    void start() {
        startNanos = System.nanoTime();
        phaseNanos = startNanos;
        state = State.DISCOVERING;
        attempt = 0;
        deadline = loop.schedule(() -> fail("deadline while " + state.name().toLowerCase(Locale.ROOT).replace('_', ' ')),
                options().deadlineNanos(), TimeUnit.NANOSECONDS);
        sendDiscover();
        timer = loop.schedule(this::discoverTimeout, options().discoverWaitNanos(0), TimeUnit.NANOSECONDS);
    }

    void fail(String reason) {
        if (state == State.DONE || state == State.FAILED) {
            return;
        }
        state = State.FAILED;
        stats().failure((uefi ? "UEFI: " : "BIOS: ") + reason);
        end(false);
    }

    private void succeed() {
        state = State.DONE;
        long now = System.nanoTime();
        stats().latency(Stats.Phase.TFTP, index, now - tftpStartNanos);
        stats().latency(Stats.Phase.BOOT, index, now - startNanos);
        end(true);
    }

    private void end(boolean ok) {
        cancel(timer);
        cancel(deadline);
        timer = null;
        deadline = null;
        closeChannel();
        digest = null;
        lastRequest = null;
        peer = null;
        bootServer = null;
        tftpServer = null;
        bootFile = null;
        storm.finished(this, ok);
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    // ------------------------------------------------------------------ DHCP

    private int xid(boolean toBootServer) {
        return (storm.salt << 24) | (toBootServer ? BOOT_SERVER_FLAG : 0) | index;
    }

    private int secs() {
        return (int) Math.min(0xFFFF, (System.nanoTime() - startNanos) / 1_000_000_000L);
    }

    private DhcpOptions.Builder pxeOptions(DhcpMessageType type) {
        return DhcpOptions.builder()
                .messageType(type)
                .maxMessageSize(MAX_MESSAGE_SIZE)
                .requestedParameters(PARAMETERS)
                .clientGuid(Identities.stormGuid(identity()))
                .clientNdi(uefi ? UEFI_NDI : BIOS_NDI)
                .clientArchitectures(uefi ? 7 : 0)
                .vendorClass(uefi ? UEFI_VENDOR_CLASS : BIOS_VENDOR_CLASS);
    }

    private void sendDiscover() {
        DhcpPacket discover = DhcpPacket.builder()
                .xid(xid(false))
                .secs(secs())
                .broadcast(true)
                .macAddress(Identities.stormMac(identity()))
                .options(pxeOptions(DhcpMessageType.DISCOVER).build())
                .build();
        storm.sendDhcp(DhcpCodec.encode(discover),
                new InetSocketAddress(options().discoverTo, options().proxyPort));
    }

    private void discoverTimeout() {
        if (state != State.DISCOVERING) {
            return;
        }
        attempt++;
        if (attempt >= options().discoverTimeoutsS.length) {
            fail("no proxy offer");
            return;
        }
        stats().discoverRetransmits.increment();
        sendDiscover();
        timer = loop.schedule(this::discoverTimeout, options().discoverWaitNanos(attempt), TimeUnit.NANOSECONDS);
    }

    void onDhcp(DhcpPacket packet, boolean fromBootServerExchange) {
        DhcpMessageType type = packet.messageType().orElse(DhcpMessageType.UNKNOWN);
        if (state == State.DISCOVERING && !fromBootServerExchange && type == DhcpMessageType.OFFER) {
            onOffer(packet);
        } else if (state == State.REQUESTING && fromBootServerExchange && type == DhcpMessageType.ACK) {
            onAck(packet);
        } else {
            stats().stray.increment();
        }
    }

    private void onOffer(DhcpPacket offer) {
        if (!offer.options().vendorClass().orElse("").startsWith("PXEClient")) {
            // An address offer without PXE information: a PXE client waits for a proxy offer.
            stats().stray.increment();
            return;
        }
        cancel(timer);
        long now = System.nanoTime();
        stats().latency(Stats.Phase.OFFER, index, now - startNanos);
        String file = bootFileOf(offer);
        Optional<PxeVendorOptions> pxe = offer.options().pxeVendorOptions();
        List<PxeVendorOptions.MenuEntry> menu = pxe.map(PxeVendorOptions::bootMenu).orElse(List.of());
        if (!menu.isEmpty()) {
            bootItem = menu.get(0).type();
            if (bootItem == 0) {
                fail("offer menu says boot locally");
                return;
            }
        }
        if (!uefi && !file.isEmpty() && (menu.isEmpty() || pxe.get().hasDiscoveryFlag(PxeVendorOptions.USE_BOOT_FILE))) {
            // A BIOS PXE ROM told to use the boot file in the offer: straight to TFTP.
            bootFile = storm.intern(file);
            tftpServer = serverOf(offer, null);
            startTftp();
            return;
        }
        if (!uefi && file.isEmpty() && menu.isEmpty()) {
            fail("proxy offer without boot file or menu");
            return;
        }
        // UEFI firmware (and a BIOS ROM shown a menu) asks the boot server on port 4011.
        bootServer = listedBootServer(pxe, bootItem);
        if (bootServer == null) {
            bootServer = serverOf(offer, null);
        }
        state = State.REQUESTING;
        attempt = 0;
        phaseNanos = now;
        sendRequest();
        timer = loop.schedule(this::requestTimeout, options().requestWaitNanos(0), TimeUnit.NANOSECONDS);
    }

    private static Inet4Address listedBootServer(Optional<PxeVendorOptions> pxe, int item) {
        if (pxe.isEmpty() || item < 0) {
            return null;
        }
        for (PxeVendorOptions.BootServer s : pxe.get().bootServers()) {
            if (s.type() == item && !s.addresses().isEmpty() && !s.addresses().get(0).isAnyLocalAddress()) {
                return s.addresses().get(0);
            }
        }
        return null;
    }

    /** The server named by an answer: siaddr, else option 66 as an address, else option 54. */
    private Inet4Address serverOf(DhcpPacket answer, Inet4Address fallback) {
        if (!answer.siaddr().isAnyLocalAddress()) {
            return answer.siaddr();
        }
        Optional<String> name = answer.options().tftpServerName();
        if (name.isPresent() && name.get().matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            try {
                return (Inet4Address) InetAddress.getByName(name.get());
            } catch (UnknownHostException | ClassCastException e) {
                // fall through
            }
        }
        Optional<Inet4Address> id = answer.options().serverIdentifier();
        if (id.isPresent() && !id.get().isAnyLocalAddress()) {
            return id.get();
        }
        return fallback != null ? fallback : options().server;
    }

    private static String bootFileOf(DhcpPacket answer) {
        if (!answer.file().isEmpty()) {
            return answer.file();
        }
        return answer.options().bootFileName().orElse("");
    }

    private void sendRequest() {
        DhcpOptions.Builder o = pxeOptions(DhcpMessageType.REQUEST);
        if (bootItem >= 0) {
            o.pxeVendorOptions(PxeVendorOptions.builder().bootItem(bootItem, 0).build());
        }
        Inet4Address self = options().clientAddress(index);
        DhcpPacket.Builder request = DhcpPacket.builder()
                .xid(xid(true))
                .secs(secs())
                .macAddress(Identities.stormMac(identity()))
                .options(o.build());
        if (self != null) {
            request.ciaddr(self);
        }
        storm.sendDhcp(DhcpCodec.encode(request.build()),
                new InetSocketAddress(bootServer, options().pxePort));
    }

    private void requestTimeout() {
        if (state != State.REQUESTING) {
            return;
        }
        attempt++;
        if (attempt >= options().requestTimeoutsS.length) {
            fail("no boot server ACK");
            return;
        }
        stats().requestRetransmits.increment();
        sendRequest();
        timer = loop.schedule(this::requestTimeout, options().requestWaitNanos(attempt), TimeUnit.NANOSECONDS);
    }

    private void onAck(DhcpPacket ack) {
        cancel(timer);
        stats().latency(Stats.Phase.ACK, index, System.nanoTime() - phaseNanos);
        String file = bootFileOf(ack);
        if (file.isEmpty()) {
            fail("boot server ACK without boot file");
            return;
        }
        bootFile = storm.intern(file);
        tftpServer = serverOf(ack, bootServer);
        startTftp();
    }

    // ------------------------------------------------------------------ TFTP

    private void startTftp() {
        tftpStartNanos = System.nanoTime();
        tsize = -1;
        Storm.Expected e = uefi ? storm.expectUefi : storm.expectBios;
        digest = e != null && options().verify.equals("sha256") ? Storm.sha256() : null;
        if (uefi && options().tsizeProbe) {
            state = State.TFTP_PROBE;
            Map<String, String> o = new LinkedHashMap<>();
            o.put("tsize", "0");
            o.put("blksize", Integer.toString(options().uefiBlksize));
            open(o);
        } else {
            startRead();
        }
    }

    private void startRead() {
        state = State.TFTP_READ;
        Map<String, String> o = new LinkedHashMap<>();
        if (uefi) {
            o.put("blksize", Integer.toString(options().uefiBlksize));
            o.put("windowsize", Integer.toString(options().uefiWindowsize));
        } else {
            o.put("blksize", Integer.toString(options().biosBlksize));
        }
        open(o);
    }

    /** A new socket and a read request on it, as firmware does for each transfer. */
    private void open(Map<String, String> requestOptions) {
        closeChannel();
        peer = null;
        optionsSettled = false;
        blksize = 512;
        window = 1;
        expected = 1;
        inWindow = 0;
        gapAckedAt = -1;
        tries = 0;
        bytes = 0;
        byte[] rrq = TftpCodec.encode(new ReadRequest(bootFile, TransferMode.OCTET, requestOptions));
        State openedFor = state;
        storm.openTftp(this, options().clientAddress(index)).addListener(f -> {
            if (state != openedFor) {
                ((ChannelFuture) f).channel().close();
                return;
            }
            if (!f.isSuccess()) {
                fail("cannot open a TFTP socket: " + f.cause().getClass().getSimpleName());
                return;
            }
            channel = ((ChannelFuture) f).channel();
            lastActivityNanos = System.nanoTime();
            sendTftpRequest(rrq);
            armTftpTimer(options().tftpTimeoutNanos());
        });
    }

    private void sendTftpRequest(byte[] rrq) {
        lastRequest = rrq;
        send(rrq, new InetSocketAddress(tftpServer, options().tftpPort));
    }

    private void send(byte[] bytes, InetSocketAddress to) {
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        stats().tftpSent.increment();
        stats().bytesSent.add(bytes.length);
        ch.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), to), ch.voidPromise());
    }

    private void sendAck(int block) {
        send(TftpCodec.encode(new Ack(block)), peer);
    }

    private void armTftpTimer(long delayNanos) {
        cancel(timer);
        timer = loop.schedule(this::tftpTimeout, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void tftpTimeout() {
        if (state != State.TFTP_PROBE && state != State.TFTP_READ) {
            return;
        }
        long timeout = options().tftpTimeoutNanos();
        long idle = System.nanoTime() - lastActivityNanos;
        if (idle < timeout) {
            armTftpTimer(timeout - idle);
            return;
        }
        if (++tries > options().tftpRetries) {
            fail(peer == null ? "TFTP: no answer to the read request" : "TFTP: transfer stalled");
            return;
        }
        stats().tftpRetransmits.increment();
        if (peer == null) {
            sendTftpRequest(lastRequest);
        } else {
            // The last block received in order: the server goes on from there (RFC 7440).
            sendAck((expected - 1) & 0xFFFF);
            inWindow = 0;
        }
        lastActivityNanos = System.nanoTime();
        armTftpTimer(timeout);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DatagramPacket datagram = (DatagramPacket) msg;
        try {
            stats().tftpReceived.increment();
            stats().bytesReceived.add(datagram.content().readableBytes());
            if (storm.lose()) {
                return;
            }
            if (ctx.channel() != channel || (state != State.TFTP_PROBE && state != State.TFTP_READ)) {
                stats().stray.increment();
                return;
            }
            onTftp(datagram);
        } finally {
            datagram.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        stats().socketErrors.increment();
    }

    private void onTftp(DatagramPacket datagram) {
        ByteBuf content = datagram.content();
        int length = content.readableBytes();
        if (length < 4) {
            stats().malformed.increment();
            return;
        }
        InetSocketAddress from = datagram.sender();
        if (peer == null) {
            if (!from.getAddress().equals(tftpServer)) {
                stats().stray.increment();
                return;
            }
            peer = from;
        } else if (!peer.equals(from)) {
            // Another transfer id: not ours (RFC 1350 would answer with error 5).
            stats().stray.increment();
            return;
        }
        int at = content.readerIndex();
        int opcode = content.getUnsignedShort(at);
        if (opcode == TftpCodec.OP_DATA) {
            onData(content.getUnsignedShort(at + 2), content, at + 4, length - 4);
            return;
        }
        byte[] bytes = new byte[length];
        content.getBytes(at, bytes);
        DecodeResult result = TftpCodec.decode(bytes, 0, length);
        if (!(result instanceof DecodeResult.Decoded decoded)) {
            stats().malformed.increment();
            return;
        }
        if (decoded.packet() instanceof OptionAck oack) {
            onOptionAck(oack.options());
        } else if (decoded.packet() instanceof ErrorPacket error) {
            String message = error.message().length() > 60 ? error.message().substring(0, 60) + "..." : error.message();
            fail("TFTP error " + (error.code() == TftpErrorCode.UNKNOWN ? "?" : error.code().code())
                    + (state == State.TFTP_PROBE ? " to the size probe" : "") + ": " + message);
        } else {
            stats().malformed.increment();
        }
    }

    private void onOptionAck(Map<String, String> accepted) {
        lastActivityNanos = System.nanoTime();
        tries = 0;
        if (state == State.TFTP_PROBE) {
            tsize = number(accepted.get("tsize"), -1);
            endProbe();
            return;
        }
        if (optionsSettled) {
            if (expected == 1) {
                // Our ACK 0 was lost and the server repeated its OACK.
                sendAck(0);
            } else {
                stats().tftpDuplicates.increment();
            }
            return;
        }
        optionsSettled = true;
        blksize = (int) number(accepted.get("blksize"), 512);
        window = Math.max(1, (int) number(accepted.get("windowsize"), 1));
        long size = number(accepted.get("tsize"), -1);
        if (size >= 0) {
            tsize = size;
        }
        sendAck(0);
        armTftpTimer(options().tftpTimeoutNanos());
    }

    /** The size is known (or the server ignored the options): abort as EDK2 does, then read. */
    private void endProbe() {
        send(TftpCodec.encode(new ErrorPacket(TftpErrorCode.OPTION_REFUSED, "size probe done")), peer);
        startRead();
    }

    private void onData(int block, ByteBuf content, int offset, int length) {
        lastActivityNanos = System.nanoTime();
        if (state == State.TFTP_PROBE) {
            // The server ignored the options and started sending the file.
            endProbe();
            return;
        }
        if (!optionsSettled) {
            // No OACK: the server ignored the options; RFC 1350 defaults.
            optionsSettled = true;
            blksize = 512;
            window = 1;
        }
        if (block == expected) {
            tries = 0;
            if (digest != null) {
                digest.update(content.nioBuffer(offset, length));
            }
            bytes += length;
            stats().fileBytes.add(length);
            expected = (expected + 1) & 0xFFFF;
            inWindow++;
            if (length < blksize) {
                sendAck(block);
                verify();
                return;
            }
            if (inWindow >= window) {
                sendAck(block);
                inWindow = 0;
            }
            return;
        }
        int ahead = (block - expected) & 0xFFFF;
        if (ahead < 0x8000) {
            // A gap: ask once for the blocks after the last one in order (RFC 7440).
            stats().tftpOutOfOrder.increment();
            if (gapAckedAt != expected) {
                gapAckedAt = expected;
                sendAck((expected - 1) & 0xFFFF);
                inWindow = 0;
            }
        } else {
            stats().tftpDuplicates.increment();
            if (block == ((expected - 1) & 0xFFFF) && window == 1) {
                // The server repeated the last block: our ACK was lost (RFC 1350).
                sendAck(block);
            }
        }
    }

    private void verify() {
        if (tsize >= 0 && bytes != tsize) {
            fail("received " + bytes + " bytes where tsize said " + tsize);
            return;
        }
        Storm.Expected e = uefi ? storm.expectUefi : storm.expectBios;
        if (e != null) {
            if (bytes != e.size()) {
                fail("received " + bytes + " bytes of " + bootFile + ", expected " + e.size() + " (" + e.name() + ")");
                return;
            }
            if (digest != null && !Arrays.equals(digest.digest(), e.sha256())) {
                fail("SHA-256 of " + bootFile + " differs from " + e.name());
                return;
            }
        }
        succeed();
    }

    private void closeChannel() {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private static long number(String value, long fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
