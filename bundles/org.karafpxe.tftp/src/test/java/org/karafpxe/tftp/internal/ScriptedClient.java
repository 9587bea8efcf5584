package org.karafpxe.tftp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.karafpxe.tftp.Ack;
import org.karafpxe.tftp.Data;
import org.karafpxe.tftp.DecodeResult;
import org.karafpxe.tftp.ErrorPacket;
import org.karafpxe.tftp.OptionAck;
import org.karafpxe.tftp.ReadRequest;
import org.karafpxe.tftp.TftpCodec;
import org.karafpxe.tftp.TftpPacket;

/**
 * A TFTP client over a real UDP socket on 127.0.0.1 whose every packet the test chooses, for the protocol
 * details real clients cannot be made to show.
 */
final class ScriptedClient implements AutoCloseable {

    record Received(TftpPacket packet, InetSocketAddress from) {
    }

    /** A finished download: the bytes, the OACK if any, and how many DATA packets arrived (repeats included). */
    record Download(byte[] content, Map<String, String> oack, int dataPackets, InetSocketAddress tid) {
    }

    private final DatagramSocket socket;
    private final InetSocketAddress server;

    ScriptedClient(InetSocketAddress server) throws IOException {
        this.server = server;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    void send(TftpPacket packet) throws IOException {
        sendTo(server, packet);
    }

    void sendTo(InetSocketAddress to, TftpPacket packet) throws IOException {
        sendRaw(to, TftpCodec.encode(packet));
    }

    void sendRaw(InetSocketAddress to, byte[] bytes) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, to));
    }

    /** The next packet, or null when none arrives within {@code timeoutMs}. */
    Received receive(long timeoutMs) throws IOException {
        byte[] buffer = new byte[65536];
        DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
        socket.setSoTimeout((int) Math.max(1, timeoutMs));
        try {
            socket.receive(datagram);
        } catch (SocketTimeoutException e) {
            return null;
        }
        DecodeResult result = TftpCodec.decode(buffer, 0, datagram.getLength());
        if (!(result instanceof DecodeResult.Decoded decoded)) {
            throw new AssertionError("server sent a malformed packet: " + result);
        }
        return new Received(decoded.packet(), (InetSocketAddress) datagram.getSocketAddress());
    }

    Received expect(long timeoutMs) throws IOException {
        Received received = receive(timeoutMs);
        assertNotNull("no packet within " + timeoutMs + " ms", received);
        return received;
    }

    ErrorPacket expectError(long timeoutMs) throws IOException {
        Received received = expect(timeoutMs);
        if (!(received.packet() instanceof ErrorPacket error)) {
            throw new AssertionError("expected an ERROR, got " + received.packet());
        }
        return error;
    }

    /** Everything that arrives until the line stays quiet for {@code quietMs}, bounded by {@code maxMs}. */
    List<Received> collect(long quietMs, long maxMs) throws IOException {
        List<Received> all = new ArrayList<>();
        long end = System.nanoTime() + maxMs * 1_000_000;
        while (System.nanoTime() < end) {
            Received next = receive(quietMs);
            if (next == null) {
                break;
            }
            all.add(next);
        }
        return all;
    }

    /** Requests a file and receives it the way RFC 1350 / RFC 7440 clients do. */
    Download download(ReadRequest request) throws IOException {
        send(request);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        int blockSize = 512;
        int windowSize = 1;
        long expected = 1;
        int dataPackets = 0;
        Map<String, String> oack = null;
        InetSocketAddress tid = null;
        for (int step = 0; step < 10_000_000; step++) {
            Received received = receive(3000);
            if (received == null) {
                fail("transfer stalled after " + content.size() + " bytes");
            }
            if (tid == null) {
                tid = received.from();
            }
            assertEquals("packet from another TID", tid, received.from());
            TftpPacket packet = received.packet();
            if (packet instanceof ErrorPacket error) {
                throw new AssertionError("server error " + error.code() + ": " + error.message());
            }
            if (packet instanceof OptionAck o) {
                oack = o.options();
                blockSize = Integer.parseInt(oack.getOrDefault("blksize", "512"));
                windowSize = Integer.parseInt(oack.getOrDefault("windowsize", "1"));
                sendTo(tid, new Ack(0));
                continue;
            }
            if (!(packet instanceof Data data)) {
                throw new AssertionError("unexpected " + packet);
            }
            dataPackets++;
            if (data.block() != Data.wireBlock(expected)) {
                sendTo(tid, new Ack(Data.wireBlock(expected - 1)));
                continue;
            }
            content.writeBytes(data.payloadBytes());
            boolean last = data.length() < blockSize;
            if (last || expected % windowSize == 0) {
                sendTo(tid, new Ack(data.block()));
            }
            expected++;
            if (last) {
                return new Download(content.toByteArray(), oack, dataPackets, tid);
            }
        }
        throw new AssertionError("transfer did not end");
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public void close() {
        socket.close();
    }
}
