package org.karafpxe.tftp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import org.karafpxe.tftp.Data;
import org.karafpxe.tftp.TftpCodec;
import org.karafpxe.tftp.TftpPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a transfer's packets to its socket, all of one window in one flush.
 *
 * <p>Where the socket can segment (UDP segmentation offload, Linux 4.18 and later, through the epoll
 * transport), a run of DATA blocks of one size leaves as one buffer that the kernel cuts into one
 * datagram per block: the datagrams on the wire are the same, but the network stack is walked once
 * per window instead of once per block, which halves the kernel's cost of a window on loopback.
 * Blocks are only joined when each one fits an Ethernet frame on its own, since the kernel refuses
 * to cut a buffer into datagrams larger than the link's MTU; if it refuses anyway (a link with a
 * smaller MTU), the blocks are sent one by one at once and this transfer stops joining them. Larger
 * blocks are not joined for a client on this machine either, although loopback would take them:
 * the datagrams of a joined send reach the client together, at its end, while those sent one by
 * one (one {@code sendmmsg}) reach it one after the other, so that it reads the first while the
 * kernel is still sending the rest. For blocks of several kilobytes that overlap is worth more than
 * the walks through the network stack that joining saves (windows of four 8192-byte blocks over
 * loopback, before and after: 152 and 180 MiB/s with atftp, 290 and 334 MiB/s with bench/tftp's
 * fastget).
 *
 * <p>A lone transfer waits on the round trip of each window, so what the server does between an ACK and
 * the next send is on its critical path, and this class keeps it short. The packets are encoded into one
 * direct buffer per writer, reused for the next window once the kernel has taken every datagram cut
 * from it: no buffer is allocated per window (nor sampled by Netty's leak detector). The next window
 * can be encoded ahead ({@link #prepare}), while the client is still receiving the one in flight. And on
 * a socket connected to the client, the datagrams name no recipient, so that the kernel sends along the
 * route the socket keeps instead of looking one up for every send.
 */
final class PacketWriter {
    private static final Logger LOG = LoggerFactory.getLogger(PacketWriter.class);

    /** The kernel's limit of segments per send (UDP_MAX_SEGMENTS). */
    static final int MAX_SEGMENTS = 64;
    /** One send is one IP datagram before it is cut, so it stays under 64 KiB with its headers. */
    static final int MAX_JOINED_BYTES = 65_000;
    /** The largest datagram payload in a 1500-byte Ethernet frame: IPv4 and IPv6 headers, UDP header. */
    private static final int ETHERNET_UDP_IPV4 = 1500 - 20 - 8;
    private static final int ETHERNET_UDP_IPV6 = 1500 - 40 - 8;

    private final Channel channel;
    private final InetSocketAddress client;
    /**
     * Who a datagram is addressed to: nobody on a socket connected to the client, which then sends along
     * the route it keeps instead of looking one up for every send.
     */
    private final InetSocketAddress recipient;
    private final InetSocketAddress sender;
    private final int maxSegment;
    private boolean joining;
    /** What the packets are encoded into; reused once the kernel has taken every datagram cut from it. */
    private ByteBuf buffer;
    /** Where each packet in {@link #buffer} ends. */
    private int[] ends = new int[0];
    /** The packets already encoded in {@link #buffer} by {@link #prepare}, or null. */
    private List<TftpPacket> prepared;

    /**
     * @param joining whether the socket can segment; the writer stops joining blocks if a send is refused
     */
    PacketWriter(Channel channel, InetSocketAddress client, boolean joining) {
        this.channel = channel;
        this.client = client;
        this.joining = joining;
        this.maxSegment = client.getAddress() instanceof Inet4Address ? ETHERNET_UDP_IPV4 : ETHERNET_UDP_IPV6;
        boolean connected = channel instanceof DatagramChannel datagrams && datagrams.isConnected();
        this.recipient = connected ? null : client;
        this.sender = connected ? (InetSocketAddress) channel.localAddress() : null;
        channel.closeFuture().addListener(f -> releaseBuffer());
    }

    /** Whether blocks are still being joined; false once a joined send has been refused. */
    boolean joining() {
        return joining;
    }

    /**
     * Encodes packets to be written later, so that writing them (the very same list) is only the send. A
     * transfer prepares the window that follows the one in flight while it waits for the client's
     * acknowledgement; if anything else is written first, the preparation is dropped.
     */
    void prepare(List<TftpPacket> packets) {
        prepared = null;
        if (!packets.isEmpty()) {
            encode(packets);
            prepared = packets;
        }
    }

    /**
     * Writes the packets in order and flushes them.
     *
     * @param last whether these are the transfer's last packets, which are never joined, so that the
     *             returned future is the write of the very last datagram
     * @return the future of the last write when {@code last}, else null
     */
    ChannelFuture write(List<TftpPacket> packets, boolean last) {
        if (packets != prepared) {
            encode(packets);
        }
        prepared = null;
        ChannelFuture written = null;
        int i = 0;
        int at = 0;
        while (i < packets.size()) {
            int run = joining && !last ? joinable(packets, i, maxSegment) : 1;
            int end = ends[i + run - 1];
            ByteBuf bytes = buffer.retainedSlice(at, end - at);
            if (run > 1) {
                writeJoined(bytes, ends[i] - at);
            } else if (last && i == packets.size() - 1) {
                written = channel.write(datagram(bytes));
            } else {
                channel.write(datagram(bytes), channel.voidPromise());
            }
            at = end;
            i += run;
        }
        channel.flush();
        return written;
    }

    /**
     * How many packets from {@code from} on can leave as one segmented send: DATA blocks of the first
     * one's length, the last of them possibly shorter, within the kernel's limits.
     */
    static int joinable(List<TftpPacket> packets, int from, int maxSegment) {
        if (!(packets.get(from) instanceof Data first) || first.length() + TftpCodec.DATA_HEADER_LENGTH > maxSegment) {
            return 1;
        }
        int segment = first.length() + TftpCodec.DATA_HEADER_LENGTH;
        int run = 1;
        long bytes = segment;
        while (from + run < packets.size() && run < MAX_SEGMENTS
                && packets.get(from + run) instanceof Data next && next.length() <= first.length()
                && bytes + next.length() + TftpCodec.DATA_HEADER_LENGTH <= MAX_JOINED_BYTES) {
            bytes += next.length() + TftpCodec.DATA_HEADER_LENGTH;
            run++;
            if (next.length() < first.length()) {
                break;
            }
        }
        return run;
    }

    private void writeJoined(ByteBuf joined, int segment) {
        // Kept until the send is done, to send the blocks one by one should it be refused.
        ByteBuf kept = joined.retainedDuplicate();
        channel.write(new SegmentedDatagramPacket(joined, segment, recipient, sender)).addListener(f -> {
            try {
                if (!f.isSuccess() && !(f.cause() instanceof ClosedChannelException) && channel.isActive()) {
                    sendSeparately(kept, segment, f.cause());
                }
            } finally {
                kept.release();
            }
        });
    }

    private void sendSeparately(ByteBuf joined, int segment, Throwable refusal) {
        if (joining) {
            joining = false;
            LOG.debug("TFTP: the socket to {} refused {}-byte segments ({}); sending blocks one by one", client,
                    segment, refusal.toString());
        }
        for (int at = joined.readerIndex(); at < joined.writerIndex(); at += segment) {
            int length = Math.min(segment, joined.writerIndex() - at);
            channel.write(datagram(joined.retainedSlice(at, length)), channel.voidPromise());
        }
        channel.flush();
    }

    private Object datagram(ByteBuf bytes) {
        return recipient == null ? bytes : new DatagramPacket(bytes, recipient);
    }

    /**
     * Encodes the packets one after the other into {@link #buffer}, noting where each ends. The buffer of
     * the last write is reused when no datagram cut from it is still queued, so that a transfer does not
     * allocate a buffer per window.
     */
    private void encode(List<TftpPacket> packets) {
        int total = 0;
        for (TftpPacket packet : packets) {
            total += packet instanceof Data data ? TftpCodec.DATA_HEADER_LENGTH + data.length() : 0;
        }
        if (buffer == null || buffer.refCnt() != 1 || buffer.capacity() < total) {
            int capacity = Math.max(total, buffer == null ? 0 : buffer.capacity());
            releaseBuffer();
            buffer = channel.alloc().directBuffer(capacity);
        }
        buffer.clear();
        if (ends.length < packets.size()) {
            ends = new int[packets.size()];
        }
        for (int i = 0; i < packets.size(); i++) {
            if (packets.get(i) instanceof Data data) {
                buffer.writeShort(TftpCodec.OP_DATA).writeShort(data.block()).writeBytes(data.payload());
            } else {
                buffer.writeBytes(TftpCodec.encode(packets.get(i)));
            }
            ends[i] = buffer.writerIndex();
        }
    }

    /** Drops this writer's hold on its buffer; datagrams still queued keep what they need. */
    private void releaseBuffer() {
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
        prepared = null;
    }
}
