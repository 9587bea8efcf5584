package org.karafpxe.tftp.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import org.karafpxe.tftp.Data;
import org.karafpxe.tftp.TftpPacket;

/**
 * Runs a transfer against a {@link SimulatedClient} over a simulated link that may drop packets in either
 * direction. Time only moves when both directions are idle, to the transfer's next deadline. With
 * {@link #prepareAhead}, the next window is prepared after every send, as a server does while few
 * transfers run.
 */
final class TransferHarness {

    static final Predicate<TftpPacket> NO_LOSS = p -> false;

    final ReadTransfer transfer;
    final SimulatedClient client;
    private final Predicate<TftpPacket> dropToClient;
    private final Predicate<TftpPacket> dropToServer;

    boolean prepareAhead;
    /** Windows sent as they were prepared. */
    long preparedWindowsSent;
    private List<TftpPacket> prepared;

    long dataPacketsSent;
    long timeouts;
    long now = 1_000_000_000L;

    TransferHarness(ReadTransfer transfer, SimulatedClient client,
                    Predicate<TftpPacket> dropToClient, Predicate<TftpPacket> dropToServer) {
        this.transfer = transfer;
        this.client = client;
        this.dropToClient = dropToClient;
        this.dropToServer = dropToServer;
    }

    TransferState run(long maxSteps) {
        Deque<TftpPacket> toClient = new ArrayDeque<>();
        Deque<TftpPacket> toServer = new ArrayDeque<>();
        send(toClient, transfer.start(now));
        for (long step = 0; step < maxSteps && !transfer.state().isTerminal(); step++) {
            if (!toClient.isEmpty()) {
                TftpPacket p = toClient.poll();
                if (!dropToClient.test(p)) {
                    toServer.addAll(client.receive(p));
                }
            } else if (!toServer.isEmpty()) {
                TftpPacket p = toServer.poll();
                if (!dropToServer.test(p)) {
                    send(toClient, transfer.onPacket(p, now));
                }
            } else {
                now = transfer.nextDeadline().orElseThrow();
                timeouts++;
                send(toClient, transfer.onTimeout(now));
            }
        }
        return transfer.state();
    }

    private void send(Deque<TftpPacket> toClient, Outcome outcome) {
        if (outcome.packets() == prepared && !prepared.isEmpty()) {
            preparedWindowsSent++;
        }
        for (TftpPacket p : outcome.packets()) {
            if (p instanceof Data) {
                dataPacketsSent++;
            }
            toClient.add(p);
        }
        if (prepareAhead && !outcome.packets().isEmpty() && !outcome.state().isTerminal()) {
            prepared = transfer.prepareNextWindow();
        }
    }
}
