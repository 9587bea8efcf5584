package org.karafpxe.tftp.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.After;
import org.junit.Test;
import org.karafpxe.tftp.Data;
import org.karafpxe.tftp.OptionAck;
import org.karafpxe.tftp.TftpCodec;
import org.karafpxe.tftp.TftpPacket;

/** Which blocks leave as one segmented send, and what happens when the socket refuses one. */
public class PacketWriterTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);
    private static final int ETHERNET = 1472;

    private EmbeddedChannel channel;

    @After
    public void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private static List<TftpPacket> blocks(int first, int... lengths) {
        List<TftpPacket> packets = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            byte[] payload = new byte[lengths[i]];
            for (int j = 0; j < payload.length; j++) {
                payload[j] = (byte) (first + i + j);
            }
            packets.add(Data.copyOf(first + i, payload));
        }
        return packets;
    }

    private static int[] times(int count, int length) {
        int[] lengths = new int[count];
        Arrays.fill(lengths, length);
        return lengths;
    }

    @Test
    public void fullBlocksAndAShorterLastOneAreJoined() {
        assertEquals(4, PacketWriter.joinable(blocks(1, 1468, 1468, 1468, 1468), 0, ETHERNET));
        assertEquals(4, PacketWriter.joinable(blocks(1, 1468, 1468, 1468, 7), 0, ETHERNET));
        assertEquals("nothing after a shorter block", 2, PacketWriter.joinable(blocks(1, 1468, 7, 1468), 0, ETHERNET));
        assertEquals("never a longer one", 1, PacketWriter.joinable(blocks(1, 512, 1468), 0, ETHERNET));
        assertEquals(3, PacketWriter.joinable(blocks(1, 1468, 1468, 1468, 1468), 1, ETHERNET));
        assertEquals(1, PacketWriter.joinable(blocks(1, 1468), 0, ETHERNET));
    }

    @Test
    public void onlyBlocksThatFitTheSegmentLimitAreJoined() {
        assertEquals(1, PacketWriter.joinable(blocks(1, 1469, 1469), 0, ETHERNET));
        assertEquals(2, PacketWriter.joinable(blocks(1, 1469, 1469), 0, PacketWriter.MAX_JOINED_BYTES));
    }

    @Test
    public void theKernelsLimitsAreKept() {
        assertEquals(PacketWriter.MAX_SEGMENTS, PacketWriter.joinable(blocks(1, times(100, 512)), 0, ETHERNET));
        assertEquals("under 64 KiB in one send", 7,
                PacketWriter.joinable(blocks(1, times(16, 8192)), 0, PacketWriter.MAX_JOINED_BYTES));
        assertEquals(1, PacketWriter.joinable(blocks(1, times(2, 65464)), 0, PacketWriter.MAX_JOINED_BYTES));
    }

    @Test
    public void otherPacketsAreSentAlone() {
        List<TftpPacket> packets = new ArrayList<>();
        packets.add(new OptionAck(Collections.emptyMap()));
        packets.addAll(blocks(1, 1468, 1468));
        assertEquals(1, PacketWriter.joinable(packets, 0, ETHERNET));
        assertEquals(2, PacketWriter.joinable(packets, 1, ETHERNET));
    }

    @Test
    public void aWindowLeavesAsOneSegmentedSendWithEveryBlockInOrder() {
        channel = new EmbeddedChannel();
        List<TftpPacket> window = blocks(5, 1468, 1468, 1468, 100);
        assertNull(new PacketWriter(channel, CLIENT, true).write(window, false));
        assertSegmented(window);
        assertNull(channel.readOutbound());
    }

    @Test
    public void aWindowTooLargeForOneSendLeavesInSeveralEachCutAtTheBlockSize() {
        channel = new EmbeddedChannel();
        List<TftpPacket> window = blocks(1, times(70, 1024));
        new PacketWriter(channel, CLIENT, true).write(window, false);
        int first = PacketWriter.joinable(window, 0, ETHERNET);
        assertTrue(first > 1 && first < window.size());
        assertSegmented(window.subList(0, first));
        assertSegmented(window.subList(first, window.size()));
        assertNull(channel.readOutbound());
    }

    @Test
    public void aPreparedWindowGoesOutIntactAndPacketsWrittenInsteadGoOutAsGiven() {
        channel = new EmbeddedChannel();
        PacketWriter writer = new PacketWriter(channel, CLIENT, true);
        List<TftpPacket> window = blocks(5, 1468, 1468, 1468, 1468);
        writer.prepare(window);
        assertNull(channel.readOutbound());
        writer.write(window, false);
        assertSegmented(window);

        writer.prepare(blocks(9, 1468, 1468, 1468, 1468));
        List<TftpPacket> resent = blocks(7, 1468, 1468, 1468, 1468);
        writer.write(resent, false);
        assertSegmented(resent);
        assertNull(channel.readOutbound());
    }

    @Test
    public void aWindowStillQueuedIsNotOverwrittenByTheNext() {
        channel = new EmbeddedChannel();
        PacketWriter writer = new PacketWriter(channel, CLIENT, true);
        List<TftpPacket> first = blocks(1, 1468, 1468, 1468, 1468);
        List<TftpPacket> second = blocks(5, 1468, 1468, 1468, 1468);
        writer.write(first, false);
        writer.prepare(second);
        writer.write(second, false);
        assertSegmented(first);
        assertSegmented(second);
        List<TftpPacket> large = blocks(9, 8192, 8192);
        writer.write(large, false);
        writer.write(blocks(11, 8192, 100), false);
        assertSeparately(large.get(0), large.get(1), blocks(11, 8192, 100).get(0), blocks(11, 8192, 100).get(1));
    }

    @Test
    public void blocksLargerThanAnEthernetFrameLeaveOneByOneEvenToThisMachine() {
        channel = new EmbeddedChannel();
        List<TftpPacket> window = blocks(1, 8192, 8192, 8192, 8192);
        new PacketWriter(channel, CLIENT, true).write(window, false);
        assertSeparately(window);
    }

    @Test
    public void aRefusedSegmentedSendIsSentBlockByBlockAndNotTriedAgain() {
        List<Object> refused = new ArrayList<>();
        channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                if (msg instanceof SegmentedDatagramPacket segmented) {
                    refused.add(segmented.segmentSize());
                    segmented.release();
                    promise.setFailure(new IOException("sendmmsg(...)() failed: Invalid argument"));
                } else {
                    ctx.write(msg, promise);
                }
            }
        });
        PacketWriter writer = new PacketWriter(channel, CLIENT, true);
        List<TftpPacket> window = blocks(1, 1468, 1468, 1468);
        writer.write(window, false);
        assertEquals(List.of(1472), refused);
        assertFalse(writer.joining());
        assertSeparately(window);

        List<TftpPacket> next = blocks(4, 1468, 1468);
        writer.write(next, false);
        assertEquals("not tried again", 1, refused.size());
        assertSeparately(next);
    }

    @Test
    public void aTransfersLastPacketsAreSentAloneWithTheirFuture() {
        channel = new EmbeddedChannel();
        List<TftpPacket> last = blocks(1, 1468, 3);
        assertTrue(new PacketWriter(channel, CLIENT, true).write(last, true).isSuccess());
        assertSeparately(last);
    }

    /** The next datagram out is the window as one segmented send, cut at its first block's size. */
    private void assertSegmented(List<TftpPacket> window) {
        SegmentedDatagramPacket sent = channel.readOutbound();
        assertEquals(((Data) window.get(0)).length() + TftpCodec.DATA_HEADER_LENGTH, sent.segmentSize());
        assertEquals(CLIENT, sent.recipient());
        assertArrayEquals(wire(window), ByteBufUtil.getBytes(sent.content()));
        sent.release();
    }

    private void assertSeparately(TftpPacket... packets) {
        assertSeparately(List.of(packets));
    }

    private void assertSeparately(List<TftpPacket> packets) {
        for (TftpPacket packet : packets) {
            DatagramPacket datagram = channel.readOutbound();
            assertFalse(datagram instanceof SegmentedDatagramPacket);
            assertArrayEquals(wire(List.of(packet)), ByteBufUtil.getBytes(datagram.content()));
            datagram.release();
        }
        assertNull(channel.readOutbound());
    }

    private static byte[] wire(List<TftpPacket> packets) {
        ByteBuf all = Unpooled.buffer();
        for (TftpPacket packet : packets) {
            all.writeBytes(TftpCodec.encode(packet));
        }
        byte[] bytes = ByteBufUtil.getBytes(all);
        all.release();
        return bytes;
    }
}
