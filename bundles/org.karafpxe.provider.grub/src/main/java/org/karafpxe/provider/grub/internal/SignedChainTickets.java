package org.karafpxe.provider.grub.internal;

import java.net.InetAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.karafpxe.support.TicketBook;
import org.osgi.service.component.annotations.Component;

/**
 * The paths of the signed chain for machines with a boot task. Each answer names shim by a random
 * ticket of 130 bits ({@code grub/s/<ticket>/shimx64.efi}, {@link TicketBook}), bound to the device
 * of that answer; shim fetches its second stage, GRUB, from the same folder, so the ticket reaches
 * the server again with it. GRUB itself cannot be told the ticket (it reads neither the ProxyDHCP
 * offer nor shim's path): the address that fetched GRUB with a ticket is bound to it, and GRUB's
 * configuration ({@code grub/grub.cfg}) is that ticket's, for that address only.
 *
 * <p>A ticket lives {@value #LIFETIME_MINUTES} minutes, and a binding as long as its ticket; the
 * answers to one boot's repeated requests share one ticket. At most {@value #MAX} tickets and as
 * many bound addresses are kept, the oldest going first.
 */
@Component(service = SignedChainTickets.class)
public final class SignedChainTickets {
    static final String FOLDER = "grub/s/";
    static final int MAX = 100_000;
    static final long LIFETIME_MINUTES = 30;
    /** An answer this soon after the last one for the same device names the same path. */
    private static final long REUSE_SECONDS = 60;
    /** How long a machine that let its prompt pass boots locally: its restart and that boot. */
    static final long DECLINE_SECONDS = 120;

    /**
     * What a ticket stands for.
     *
     * @param deviceId the device answered
     * @param server   the address this server announced in that answer: where the machine reaches it
     */
    record Issued(long deviceId, InetAddress server) {
    }

    private final TicketBook<Issued> book;
    private final LongSupplier nanoClock;
    /** The ticket each address fetched GRUB with, oldest binding first. */
    private final Map<InetAddress, String> byClient = new LinkedHashMap<>();
    /** When each device last let its prompt pass, oldest first. */
    private final Map<Long, Long> declined = new LinkedHashMap<>();

    public SignedChainTickets() {
        this(System::nanoTime);
    }

    SignedChainTickets(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        book = new TicketBook<>(MAX, TimeUnit.MINUTES.toNanos(LIFETIME_MINUTES),
                TimeUnit.SECONDS.toNanos(REUSE_SECONDS), nanoClock);
    }

    /** The path of shim for the device, for an answer given now that announces {@code server}. */
    String shimFor(long deviceId, InetAddress server) {
        return FOLDER + book.issue(deviceId, new Issued(deviceId, server)) + "/" + GrubFiles.SHIM;
    }

    /** A path standing for the ticketed shim in a dry run, which issues nothing. */
    static String placeholder(long deviceId) {
        return FOLDER + "<ticket of device " + deviceId + ">/" + GrubFiles.SHIM;
    }

    /** What a ticket stands for, if it is current (names may be matched in any case). */
    Optional<Issued> lookup(String token) {
        return book.lookup(token);
    }

    /** The machine at {@code client} fetched GRUB with this (current) ticket: its configuration is the ticket's. */
    synchronized void bind(InetAddress client, String token) {
        byClient.remove(client);
        byClient.put(client, token);
        for (Iterator<String> oldest = byClient.values().iterator(); oldest.hasNext();) {
            String t = oldest.next();
            if (byClient.size() <= MAX && book.lookup(t).isPresent()) {
                break;
            }
            oldest.remove();
        }
    }

    /** The ticket the machine at {@code client} fetched GRUB with, while it is current. */
    synchronized Optional<String> boundTo(InetAddress client) {
        String token = byClient.get(client);
        return token == null || book.lookup(token).isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /** The device's machine let its prompt pass: it boots locally for {@value #DECLINE_SECONDS} seconds. */
    synchronized void decline(long deviceId) {
        long now = nanoClock.getAsLong();
        declined.remove(deviceId);
        declined.put(deviceId, now);
        for (Iterator<Long> oldest = declined.values().iterator(); oldest.hasNext();) {
            if (declined.size() <= MAX && now - oldest.next() < TimeUnit.SECONDS.toNanos(DECLINE_SECONDS)) {
                break;
            }
            oldest.remove();
        }
    }

    /** How long ago the device's machine let its prompt pass, within {@value #DECLINE_SECONDS} seconds. */
    synchronized Optional<Long> declinedSecondsAgo(long deviceId) {
        Long when = declined.get(deviceId);
        if (when == null) {
            return Optional.empty();
        }
        long ago = TimeUnit.NANOSECONDS.toSeconds(nanoClock.getAsLong() - when);
        return ago < DECLINE_SECONDS ? Optional.of(ago) : Optional.empty();
    }

    int size() {
        return book.size();
    }

    synchronized int bound() {
        return byClient.size();
    }
}
