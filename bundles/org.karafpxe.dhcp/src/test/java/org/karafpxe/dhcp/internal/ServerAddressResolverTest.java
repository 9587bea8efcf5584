package org.karafpxe.dhcp.internal;

import static org.junit.Assert.assertEquals;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class ServerAddressResolverTest {
    private static final Inet4Address ANY = Addresses.ANY;

    private static Inet4Address v4(String text) throws Exception {
        return (Inet4Address) InetAddress.getByName(text);
    }

    @Test
    public void theInterfacesAreListedOnceInTheirTimeNotForEveryUnaddressedRequest() throws Exception {
        AtomicInteger listed = new AtomicInteger();
        AtomicLong now = new AtomicLong(1_000);
        List<List<Inet4Address>> host = List.of(List.of(v4("192.0.2.2")), List.of(v4("192.0.2.3")));
        ServerAddressResolver resolver = new ServerAddressResolver(Optional.empty(), new LocalAddresses(
                () -> new LocalAddresses.Snapshot(host.get(Math.min(listed.getAndIncrement(), 1)), Set.of()), now::get));
        for (int i = 0; i < 1000; i++) {
            assertEquals(v4("192.0.2.2"), resolver.resolve(ANY, ANY, ANY));
        }
        assertEquals(1, listed.get());
        now.addAndGet(LocalAddresses.TTL_NANOS);
        assertEquals("an address the host gained is seen once the list expires", v4("192.0.2.3"),
                resolver.resolve(ANY, ANY, ANY));
        assertEquals(2, listed.get());
    }

    @Test
    public void aConfiguredAddressNeedsNoListing() throws Exception {
        AtomicInteger listed = new AtomicInteger();
        ServerAddressResolver resolver = new ServerAddressResolver(Optional.of(v4("192.0.2.9")), new LocalAddresses(() -> {
            listed.incrementAndGet();
            return new LocalAddresses.Snapshot(List.of(), Set.of());
        }, System::nanoTime));
        assertEquals(v4("192.0.2.9"), resolver.resolve(ANY, ANY, ANY));
        assertEquals(0, listed.get());
    }
}
