package org.karafpxe.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;
import org.karafpxe.store.InvalidValueException;
import org.karafpxe.store.Referral;

public class ReferralResolverTest {
    /** The name service: a name missing from it does not resolve. */
    private final Map<String, String> dns = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();
    /** Lookups met on a request, run when the test says so. */
    private final List<Runnable> queued = new ArrayList<>();
    private final ReferralResolver resolver = new ReferralResolver(name -> {
        lookups.incrementAndGet();
        String address = dns.get(name);
        if (address == null) {
            throw new UnknownHostException(name + ": Name or service not known");
        }
        return new InetAddress[] {InetAddress.getByName(address)};
    }, queued::add, () -> 1_700_000_000_000L);

    private void refused(String server, String expected) {
        try {
            resolver.check(server);
            fail(server + " was accepted");
        } catch (InvalidValueException e) {
            assertEquals("referralServer", e.field());
            assertTrue(e.getMessage(), e.getMessage().contains(expected));
        }
    }

    @Test
    public void anOperatorIsToldWhyAReferralServerCannotBeUsed() {
        refused("nowhere.lab.example", "invalid referralServer 'nowhere.lab.example': does not resolve "
                + "(nowhere.lab.example: Name or service not known): give a host name this server can resolve, "
                + "or the referral server's IPv4 address");
        refused("0.0.0.0", "0.0.0.0 is no server");
        refused("127.0.0.1", "a loopback address is the client's own");
        refused("255.255.255.255", "a broadcast or multicast address is no server");
        refused("224.0.0.1", "a broadcast or multicast address is no server");
        dns.put("local.lab.example", "127.0.1.1");
        refused("local.lab.example", "a loopback address is the client's own");
        assertEquals("192.0.2.7", resolver.check("192.0.2.7").getHostAddress());
    }

    @Test
    public void aNameCheckedWhenSetIsReadyForRequestsWithoutALookup() {
        dns.put("wds2.lab.example", "192.0.2.8");
        resolver.check("wds2.lab.example");
        int before = lookups.get();
        Referral r = resolver.resolve("WDS2.lab.example");
        assertEquals("192.0.2.8", ((Referral.To) r).address().getHostAddress());
        assertEquals("", ((Referral.To) r).warning());
        assertEquals("no lookup on the request path", before, lookups.get());
        assertTrue(queued.isEmpty());
    }

    @Test
    public void aNameFirstMetOnARequestIsLookedUpInTheBackgroundOnce() {
        dns.put("wds3.lab.example", "192.0.2.9");
        for (int i = 0; i < 3; i++) {
            Referral r = resolver.resolve("wds3.lab.example");
            assertTrue(r.toString(), ((Referral.Unusable) r).reason().contains("is being looked up"));
        }
        assertEquals(0, lookups.get());
        assertEquals("one lookup is queued, however often the name is met", 1, queued.size());
        queued.remove(0).run();
        assertEquals("192.0.2.9", ((Referral.To) resolver.resolve("wds3.lab.example")).address().getHostAddress());
    }

    @Test
    public void aNameThatStopsResolvingKeepsItsLastAddressLoudlyAndRecovers() {
        dns.put("wds4.lab.example", "192.0.2.10");
        resolver.check("wds4.lab.example");
        dns.remove("wds4.lab.example");
        resolver.refresh();
        Referral.To stale = (Referral.To) resolver.resolve("wds4.lab.example");
        assertEquals("192.0.2.10", stale.address().getHostAddress());
        assertTrue(stale.warning(), stale.warning().contains("'wds4.lab.example' no longer resolves"));
        assertTrue(stale.warning(), stale.warning().contains("its last address 192.0.2.10 is used"));
        dns.put("wds4.lab.example", "192.0.2.11");
        resolver.refresh();
        Referral.To fresh = (Referral.To) resolver.resolve("wds4.lab.example");
        assertEquals("192.0.2.11", fresh.address().getHostAddress());
        assertEquals("", fresh.warning());
    }

    @Test
    public void aNameThatNeverResolvedIsUnusable() {
        resolver.resolve("never.lab.example");
        queued.remove(0).run();
        Referral r = resolver.resolve("never.lab.example");
        assertTrue(r.toString(), ((Referral.Unusable) r).reason().contains("'never.lab.example' does not resolve"));
    }

    @Test
    public void namesAreCapped() {
        for (int i = 0; i < ReferralResolver.MAX_NAMES + 10; i++) {
            resolver.resolve("host" + i + ".lab.example");
        }
        assertEquals(ReferralResolver.MAX_NAMES, queued.size());
    }
}
