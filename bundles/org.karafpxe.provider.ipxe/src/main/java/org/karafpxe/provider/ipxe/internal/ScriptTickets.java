package org.karafpxe.provider.ipxe.internal;

import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.karafpxe.support.TicketBook;
import org.osgi.service.component.annotations.Component;

/**
 * The names of device scripts: each answer to a prestaged iPXE client names its script by a random
 * ticket of 130 bits ({@code ipxe/s/<ticket>.ipxe}, {@link TicketBook}), bound to the device of that
 * answer, instead of the device's id, which anyone could count through to read other machines' tasks
 * or take their one-shot tasks first. A ticket lives {@value #LIFETIME_MINUTES} minutes (a
 * press-a-key prompt included); the answers to one boot's repeated requests share one. At most
 * {@value #MAX} are kept, the oldest going first.
 */
@Component(service = ScriptTickets.class)
public final class ScriptTickets {
    static final String FOLDER = IpxeScripts.FOLDER + "s/";
    static final String TASK_SUFFIX = "-task";
    static final int MAX = 100_000;
    static final long LIFETIME_MINUTES = 30;
    /** An answer this soon after the last one for the same device names the same script. */
    private static final long REUSE_SECONDS = 60;

    /**
     * What a ticket stands for.
     *
     * @param deviceId the device answered
     * @param server   the address this server announced in that answer: where the machine reaches it
     */
    record Issued(long deviceId, InetAddress server) {
    }

    private final TicketBook<Issued> book;

    public ScriptTickets() {
        this(System::nanoTime);
    }

    ScriptTickets(LongSupplier nanoClock) {
        book = new TicketBook<>(MAX, TimeUnit.MINUTES.toNanos(LIFETIME_MINUTES),
                TimeUnit.SECONDS.toNanos(REUSE_SECONDS), nanoClock);
    }

    /** The path of the device's script for an answer given now, announcing {@code server}. */
    String scriptFor(long deviceId, InetAddress server) {
        return FOLDER + book.issue(deviceId, new Issued(deviceId, server)) + ".ipxe";
    }

    /** A path standing for the script in a dry run, which issues nothing. */
    static String placeholder(long deviceId) {
        return FOLDER + "<ticket of device " + deviceId + ">.ipxe";
    }

    /**
     * What a ticket stands for, if it is current.
     *
     * @param token the ticket as the client spelled it (names may be matched in any case)
     */
    Optional<Issued> lookup(String token) {
        return book.lookup(token);
    }

    int size() {
        return book.size();
    }
}
