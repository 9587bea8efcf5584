package org.karafpxe.tftp.internal;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.karafpxe.tftp.Ack;
import org.karafpxe.tftp.Data;
import org.karafpxe.tftp.OptionAck;
import org.karafpxe.tftp.TftpPacket;

/**
 * Receiving side of a read transfer as RFC 1350 and RFC 7440 clients behave: ACK every window or final
 * block, re-ACK the last good block on a duplicate, and on a gap ACK the last in-order block once.
 */
final class SimulatedClient {

    private final int blockSize;
    private final int windowSize;
    private final boolean keepBytes;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CRC32 crc = new CRC32();

    private long expected = 1;
    private int inWindow;
    private boolean gapReported;
    private boolean complete;
    private long length;
    private boolean sawWireBlockZero;
    private Map<String, String> oack;

    SimulatedClient(int blockSize, int windowSize, boolean keepBytes) {
        this.blockSize = blockSize;
        this.windowSize = windowSize;
        this.keepBytes = keepBytes;
    }

    List<TftpPacket> receive(TftpPacket packet) {
        List<TftpPacket> replies = new ArrayList<>();
        if (packet instanceof OptionAck o) {
            oack = o.options();
            replies.add(new Ack(0));
        } else if (packet instanceof Data d) {
            onData(d, replies);
        }
        return replies;
    }

    private void onData(Data d, List<TftpPacket> replies) {
        int distance = (d.block() - Data.wireBlock(expected)) & 0xFFFF;
        if (complete || distance >= 0x8000) {
            // Already have it: our ACK was lost, say again where we are.
            replies.add(ack());
            return;
        }
        if (distance > 0) {
            if (!gapReported) {
                gapReported = true;
                replies.add(ack());
            }
            return;
        }
        byte[] payload = d.payloadBytes();
        if (payload.length > blockSize) {
            throw new AssertionError("block " + expected + " larger than blksize: " + payload.length);
        }
        if (keepBytes) {
            bytes.writeBytes(payload);
        }
        crc.update(payload);
        length += payload.length;
        if (d.block() == 0) {
            sawWireBlockZero = true;
        }
        expected++;
        inWindow++;
        gapReported = false;
        if (payload.length < blockSize) {
            complete = true;
            replies.add(ack());
        } else if (inWindow >= windowSize) {
            replies.add(ack());
        }
    }

    private Ack ack() {
        inWindow = 0;
        return new Ack(Data.wireBlock(expected - 1));
    }

    boolean complete() {
        return complete;
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }

    long crc() {
        return crc.getValue();
    }

    long length() {
        return length;
    }

    long blocksReceived() {
        return expected - 1;
    }

    boolean sawWireBlockZero() {
        return sawWireBlockZero;
    }

    Map<String, String> oack() {
        return oack;
    }
}
