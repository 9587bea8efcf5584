package org.karafpxe.tftp.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.karafpxe.tftp.Ack;
import org.karafpxe.tftp.BlockSource;
import org.karafpxe.tftp.Data;
import org.karafpxe.tftp.ErrorPacket;
import org.karafpxe.tftp.OptionAck;
import org.karafpxe.tftp.TftpErrorCode;
import org.karafpxe.tftp.TftpPacket;

/**
 * Server side of one read transfer, free of sockets and clocks: callers feed it packets from the client's
 * TID and the current {@link System#nanoTime()}, and send what it returns.
 *
 * <p>Behaviour worth knowing:
 * <ul>
 *   <li>Blocks are counted with a {@code long}; the wire carries the low 16 bits, so block 65535 is followed
 *       by block 0. An ACK is matched to the one block of the window in flight with that wire value.</li>
 *   <li>An ACK inside the window means every block up to it arrived; the next window starts right after it,
 *       so after a loss the window resumes from the last acknowledged block (RFC 7440).</li>
 *   <li>ACKs for blocks already acknowledged are ignored: only a timeout retransmits, which keeps the
 *       sorcerer's apprentice bug (RFC 1123 4.2.3.1) from doubling the traffic.</li>
 *   <li>Packets of the wrong kind on the transfer's port (requests, DATA, OACK) are ignored rather than
 *       answered with ERROR 4: they are stray duplicates far more often than protocol violations, and an
 *       error would end a transfer that is otherwise fine.</li>
 *   <li>An ERROR from the client ends the transfer quietly as {@link TransferState#ABORTED_BY_CLIENT}.</li>
 *   <li>When retries run out the transfer fails and returns an ERROR 0 for the caller to send, so a client
 *       still listening stops waiting; sending it is harmless if the client is gone.</li>
 *   <li>No payload is kept: each block is read from the source when sent and read again on retransmission,
 *       so memory in flight is at most the window the caller is sending.</li>
 * </ul>
 * Not thread-safe: a transfer belongs to the one thread that serves its socket.
 */
public final class ReadTransfer {

    private enum Phase { NOT_STARTED, AWAITING_OACK_ACK, SENDING, DONE }

    private final Negotiated params;
    private final BlockSource source;
    private final int maxRetries;
    private final long timeoutNanos;

    private Phase phase = Phase.NOT_STARTED;
    private TransferState state = TransferState.ACTIVE;
    /** First block not yet acknowledged. */
    private long base = 1;
    /** Last block sent in the window in flight. */
    private long windowEnd;
    /** The final (short) block, or -1 until it has been read. */
    private long lastBlock = -1;
    private long highestSent;
    private boolean deadlineArmed;
    private long deadline;
    private int retries;
    /** The window after {@link #windowEnd}, read ahead by {@link #prepareNextWindow()}; null when none is. */
    private List<TftpPacket> prepared;

    private long startNanos;
    private long bytesSent;
    private long retransmits;
    private long blocksResent;
    private String detail = "";

    /**
     * @param maxRetries timeouts tolerated in a row without progress; the next one fails the transfer
     */
    public ReadTransfer(Negotiated params, BlockSource source, int maxRetries) {
        this.params = Objects.requireNonNull(params, "params");
        this.source = Objects.requireNonNull(source, "source");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative");
        }
        this.maxRetries = maxRetries;
        this.timeoutNanos = params.timeout().toNanos();
    }

    /** Opens the transfer: the OACK if options were accepted, otherwise the first window of DATA. */
    public Outcome start(long nowNanos) {
        if (phase != Phase.NOT_STARTED) {
            throw new IllegalStateException("transfer already started");
        }
        startNanos = nowNanos;
        if (params.sendOack()) {
            phase = Phase.AWAITING_OACK_ACK;
            arm(nowNanos);
            return active(List.of(new OptionAck(params.oack())));
        }
        phase = Phase.SENDING;
        return sendWindow(nowNanos);
    }

    public Outcome onPacket(TftpPacket packet, long nowNanos) {
        if (state.isTerminal() || phase == Phase.NOT_STARTED) {
            return Outcome.nothing(state);
        }
        if (packet instanceof ErrorPacket error) {
            detail = "client error " + error.code() + ": " + error.message();
            return finish(TransferState.ABORTED_BY_CLIENT);
        }
        if (packet instanceof Ack ack) {
            return onAck(ack.block(), nowNanos);
        }
        return Outcome.nothing(state);
    }

    /** When {@link #onTimeout(long)} is due; empty once the transfer has ended. */
    public OptionalLong nextDeadline() {
        return deadlineArmed ? OptionalLong.of(deadline) : OptionalLong.empty();
    }

    /** Retransmits what is unacknowledged if the deadline has passed; early calls do nothing. */
    public Outcome onTimeout(long nowNanos) {
        if (!deadlineArmed || nowNanos - deadline < 0) {
            return Outcome.nothing(state);
        }
        if (retries >= maxRetries) {
            detail = "no acknowledgement after " + maxRetries + " retries";
            Outcome failed = finish(TransferState.FAILED);
            return new Outcome(List.of(new ErrorPacket(TftpErrorCode.NOT_DEFINED, "Transfer timed out")),
                    failed.state());
        }
        retries++;
        retransmits++;
        if (phase == Phase.AWAITING_OACK_ACK) {
            arm(nowNanos);
            return active(List.of(new OptionAck(params.oack())));
        }
        return sendWindow(nowNanos);
    }

    public TransferState state() {
        return state;
    }

    public TransferStats stats() {
        return new TransferStats(state, startNanos, params.blockSize(), params.windowSize(), source.size(),
                bytesSent, retransmits, blocksResent, detail);
    }

    private Outcome onAck(int wireBlock, long nowNanos) {
        if (phase == Phase.AWAITING_OACK_ACK) {
            if (wireBlock != 0) {
                return Outcome.nothing(state);
            }
            phase = Phase.SENDING;
            retries = 0;
            return sendWindow(nowNanos);
        }
        long acked = windowEnd - ((Data.wireBlock(windowEnd) - wireBlock) & 0xFFFF);
        if (acked < base) {
            return Outcome.nothing(state);
        }
        base = acked + 1;
        retries = 0;
        if (acked == lastBlock) {
            return finish(TransferState.COMPLETE);
        }
        source.release(positionOf(base));
        return sendWindow(nowNanos);
    }

    /**
     * Reads the window that follows the one in flight, for when the client acknowledges all of it, so
     * that answering that ACK takes no reading: while the client receives a window, the caller can read
     * and encode the next one. The packets returned are the very list {@link #onPacket} returns for that
     * ACK (the same object), and only for that ACK; any other step reads afresh. Empty when nothing
     * follows or the read fails (the transfer meets the failure again when it reads for real).
     */
    public List<TftpPacket> prepareNextWindow() {
        prepared = null;
        if (phase == Phase.NOT_STARTED || phase == Phase.DONE || (lastBlock >= 0 && windowEnd >= lastBlock)) {
            return List.of();
        }
        try {
            prepared = readWindow(windowEnd + 1);
            return prepared;
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Sends up to a window of blocks starting at {@link #base}, stopping after the final one. */
    private Outcome sendWindow(long nowNanos) {
        List<TftpPacket> out;
        try {
            // Only sendWindow moves windowEnd, so the prepared window is still the one after it.
            out = prepared != null && base == windowEnd + 1 ? prepared : readWindow(base);
        } catch (IOException e) {
            detail = "read failed: " + e.getMessage();
            finish(TransferState.FAILED);
            return new Outcome(List.of(new ErrorPacket(TftpErrorCode.NOT_DEFINED, "Read error")), state);
        } finally {
            prepared = null;
        }
        long block = base;
        for (TftpPacket packet : out) {
            count(block++, ((Data) packet).length());
        }
        windowEnd = base + out.size() - 1;
        arm(nowNanos);
        return active(out);
    }

    /** Reads up to a window of blocks from {@code from} on, stopping after the final one. */
    private List<TftpPacket> readWindow(long from) throws IOException {
        List<TftpPacket> out = new ArrayList<>(Math.min(params.windowSize(), 64));
        long limit = from + params.windowSize() - 1;
        for (long block = from; block <= limit && (lastBlock < 0 || block <= lastBlock); block++) {
            Data data = readBlock(block);
            out.add(data);
            if (data.length() < params.blockSize()) {
                break;
            }
        }
        // Immutable, so that the outcome holds this very list rather than a copy (see prepareNextWindow).
        return List.copyOf(out);
    }

    private Data readBlock(long block) throws IOException {
        ByteBuffer payload = ByteBuffer.allocate(params.blockSize());
        long position = positionOf(block);
        while (payload.hasRemaining()) {
            if (source.read(payload, position + payload.position()) <= 0) {
                break;
            }
        }
        payload.flip();
        boolean isFinal = payload.remaining() < params.blockSize();
        if (lastBlock >= 0 && isFinal != (block == lastBlock)) {
            throw new IOException("content changed during transfer");
        }
        if (isFinal) {
            lastBlock = block;
        }
        return new Data(Data.wireBlock(block), payload);
    }

    private void count(long block, int length) {
        if (block > highestSent) {
            highestSent = block;
            bytesSent += length;
        } else {
            blocksResent++;
        }
    }

    private long positionOf(long block) {
        return (block - 1) * params.blockSize();
    }

    private void arm(long nowNanos) {
        deadline = nowNanos + timeoutNanos;
        deadlineArmed = true;
    }

    private Outcome finish(TransferState end) {
        state = end;
        phase = Phase.DONE;
        deadlineArmed = false;
        return Outcome.nothing(state);
    }

    private Outcome active(List<TftpPacket> packets) {
        return new Outcome(packets, state);
    }
}
