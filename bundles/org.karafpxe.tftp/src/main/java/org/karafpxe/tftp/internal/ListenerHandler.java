package org.karafpxe.tftp.internal;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import org.karafpxe.tftp.DecodeResult;
import org.karafpxe.tftp.ReadRequest;
import org.karafpxe.tftp.TftpCodec;
import org.karafpxe.tftp.TftpPacket;
import org.karafpxe.tftp.WriteRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening socket's handler: decodes each datagram and passes requests on. Nothing a client sends can
 * make it throw or close the socket; anything that is not a request is dropped and counted.
 */
final class ListenerHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerHandler.class);

    private final TftpServerCore server;

    ListenerHandler(TftpServerCore server) {
        this.server = server;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof DatagramPacket datagram) {
                onDatagram(datagram);
            }
        } catch (RuntimeException e) {
            LOG.warn("TFTP request handling failed", e);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A datagram socket survives a failed receive; closing it would stop the server for every client.
        LOG.warn("TFTP listening socket error: {}", cause.toString());
    }

    private void onDatagram(DatagramPacket datagram) {
        byte[] bytes = ByteBufUtil.getBytes(datagram.content());
        DecodeResult result = TftpCodec.decode(bytes, 0, bytes.length);
        if (result instanceof DecodeResult.Malformed malformed) {
            server.dropped(datagram.sender(), malformed.reason() + " " + malformed.detail());
            return;
        }
        TftpPacket packet = ((DecodeResult.Decoded) result).packet();
        if (packet instanceof ReadRequest request) {
            server.onReadRequest(request, datagram.sender());
        } else if (packet instanceof WriteRequest) {
            server.onWriteRequest(datagram.sender());
        } else {
            server.dropped(datagram.sender(), "not a request: " + packet);
        }
    }
}
