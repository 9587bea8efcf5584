package org.karafpxe.tftp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
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
    private final int maxSegment;
    private boolean joining;

    /**
     * @param joining whether the socket can segment; the writer stops joining blocks if a send is refused
     */
    PacketWriter(Channel channel, InetSocketAddress client, boolean joining) {
        this.channel = channel;
        this.client = client;
        this.joining = joining;
        this.maxSegment = client.getAddress() instanceof Inet4Address ? ETHERNET_UDP_IPV4 : ETHERNET_UDP_IPV6;
    }

    /** Whether blocks are still being joined; false once a joined send has been refused. */
    boolean joining() {
        return joining;
    }

    /**
     * Writes the packets in order and flushes them.
     *
     * @param last whether these are the transfer's last packets, which are never joined, so that the
     *             returned future is the write of the very last datagram
     * @return the future of the last write when {@code last}, else null
     */
    ChannelFuture write(List<TftpPacket> packets, boolean last) {
        ChannelFuture written = null;
        int i = 0;
        while (i < packets.size()) {
            int run = joining && !last ? joinable(packets, i, maxSegment) : 1;
            if (run > 1) {
                writeJoined(packets, i, run);
            } else {
                DatagramPacket datagram = new DatagramPacket(encode(packets.get(i)), client);
                if (last && i == packets.size() - 1) {
                    written = channel.write(datagram);
                } else {
                    channel.write(datagram, channel.voidPromise());
                }
            }
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

    private void writeJoined(List<TftpPacket> packets, int from, int run) {
        int segment = ((Data) packets.get(from)).length() + TftpCodec.DATA_HEADER_LENGTH;
        int bytes = 0;
        for (int i = from; i < from + run; i++) {
            bytes += ((Data) packets.get(i)).length() + TftpCodec.DATA_HEADER_LENGTH;
        }
        ByteBuf joined = channel.alloc().directBuffer(bytes);
        for (int i = from; i < from + run; i++) {
            writeData(joined, (Data) packets.get(i));
        }
        // Kept until the send is done, to send the blocks one by one should it be refused.
        ByteBuf kept = joined.retainedDuplicate();
        channel.write(new SegmentedDatagramPacket(joined, segment, client)).addListener(f -> {
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
            channel.write(new DatagramPacket(joined.retainedSlice(at, length), client), channel.voidPromise());
        }
        channel.flush();
    }

    private ByteBuf encode(TftpPacket packet) {
        if (packet instanceof Data data) {
            return writeData(channel.alloc().directBuffer(TftpCodec.DATA_HEADER_LENGTH + data.length()), data);
        }
        return Unpooled.wrappedBuffer(TftpCodec.encode(packet));
    }

    private static ByteBuf writeData(ByteBuf buffer, Data data) {
        return buffer.writeShort(TftpCodec.OP_DATA).writeShort(data.block()).writeBytes(data.payload());
    }
}
