package org.karafpxe.itests;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.karafpxe.dhcp.DecodeResult;
import org.karafpxe.dhcp.DhcpCodec;
import org.karafpxe.dhcp.DhcpMessageType;
import org.karafpxe.dhcp.DhcpOptions;
import org.karafpxe.dhcp.DhcpPacket;

/**
 * Scripted PXE clients on loopback that keep booting: DISCOVERs to the proxy port at a steady rate,
 * each machine in turn (a MAC and GUID of its own), every request with a transaction id of its
 * own, so that each offer is matched to the request it answers. Keeps, per request, when it was
 * sent and when (if ever) it was answered.
 */
final class ScriptedStorm implements AutoCloseable {
    /** One request: when it was sent (ms since the storm started) and when its offer came, or -1. */
    static final class Sent {
        final long sentAt;
        volatile long answeredAt = -1;

        Sent(long sentAt) {
            this.sentAt = sentAt;
        }
    }

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final DatagramSocket socket;
    private final int serverPort;
    private final List<String> macs;
    private final int perSecond;
    private final long start = System.nanoTime();
    private final Map<Integer, Sent> sent = new ConcurrentHashMap<>();
    private final AtomicInteger xids = new AtomicInteger(0x5000_0000);
    private final Thread sender;
    private final Thread receiver;
    private volatile boolean running = true;

    ScriptedStorm(int clientPort, int serverPort, List<String> macs, int perSecond) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, clientPort));
        this.serverPort = serverPort;
        this.macs = List.copyOf(macs);
        this.perSecond = perSecond;
        this.receiver = new Thread(this::receive, "scripted-storm-receive");
        this.sender = new Thread(this::send, "scripted-storm-send");
        receiver.start();
        sender.start();
    }

    /** Milliseconds since the storm started, the clock of {@link Sent}. */
    long now() {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private void send() {
        long interval = 1_000_000_000L / perSecond;
        long next = System.nanoTime();
        int i = 0;
        try {
            while (running) {
                String mac = macs.get(i++ % macs.size());
                int xid = xids.incrementAndGet();
                DhcpOptions options = DhcpOptions.builder().messageType(DhcpMessageType.DISCOVER)
                        .vendorClass("PXEClient:Arch:00000:UNDI:002001").clientArchitectures(0)
                        .clientGuid(UUID.nameUUIDFromBytes(mac.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                        .build();
                DhcpPacket discover = DhcpPacket.builder().op(DhcpPacket.BOOTREQUEST).xid(xid).secs(4).broadcast(true)
                        .macAddress(java.util.HexFormat.ofDelimiter(":").parseHex(mac)).options(options).build();
                byte[] bytes = DhcpCodec.encode(discover);
                sent.put(xid, new Sent(now()));
                socket.send(new DatagramPacket(bytes, bytes.length, LOOPBACK, serverPort));
                next += interval;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        } catch (IOException | InterruptedException e) {
            running = false;
        }
    }

    private void receive() {
        byte[] buffer = new byte[1500];
        while (running) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                continue;
            }
            DecodeResult r = DhcpCodec.decode(packet.getData(), 0, packet.getLength());
            if (r instanceof DecodeResult.Decoded d) {
                Sent s = sent.get(d.packet().xid());
                if (s != null && s.answeredAt < 0) {
                    s.answeredAt = now();
                }
            }
        }
    }

    /** The requests sent in [from, to) ms, oldest first. */
    List<Sent> sentBetween(long from, long to) {
        List<Sent> in = new ArrayList<>();
        for (Sent s : sent.values()) {
            if (s.sentAt >= from && s.sentAt < to) {
                in.add(s);
            }
        }
        in.sort((a, b) -> Long.compare(a.sentAt, b.sentAt));
        return in;
    }

    /** When the first request sent at or after {@code from} was answered, or -1. */
    long firstAnsweredSentAfter(long from) {
        return sentBetween(from, Long.MAX_VALUE).stream().filter(s -> s.answeredAt >= 0)
                .mapToLong(s -> s.sentAt).min().orElse(-1);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sender.join(5_000);
        socket.close();
        receiver.join(5_000);
    }
}
