package org.karafpxe.provider.ipxe.internal;

import static org.junit.Assert.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.Test;

public class RecentOneShotsTest {
    private static final long SECOND = 1_000_000_000L;

    private static InetSocketAddress address(int i) throws Exception {
        return new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}),
                2070);
    }

    @Test
    public void rememberedPerDeviceAndClientUntilTheGraceEnds() throws Exception {
        RecentOneShots r = new RecentOneShots();
        r.remember(1, address(1), "a", 0, 60 * SECOND);
        assertEquals(Optional.of("a"), r.recall(1, address(1), 59 * SECOND));
        assertEquals(Optional.empty(), r.recall(2, address(1), 1));
        assertEquals(Optional.empty(), r.recall(1, address(2), 1));
        assertEquals(Optional.empty(), r.recall(1, address(1), 60 * SECOND));
        assertEquals(0, r.size());
    }

    @Test
    public void nothingIsKeptWithoutGraceOrClient() throws Exception {
        RecentOneShots r = new RecentOneShots();
        r.remember(1, address(1), "a", 0, 0);
        r.remember(1, null, "a", 0, SECOND);
        assertEquals(0, r.size());
        assertEquals(Optional.empty(), r.recall(1, null, 0));
    }

    @Test
    public void theOldestIsDroppedBeyondTheBound() throws Exception {
        RecentOneShots r = new RecentOneShots();
        for (int i = 0; i <= RecentOneShots.MAX_ENTRIES; i++) {
            r.remember(i, address(i), "script " + i, i, 3600 * SECOND);
        }
        assertEquals(RecentOneShots.MAX_ENTRIES, r.size());
        assertEquals(Optional.empty(), r.recall(0, address(0), RecentOneShots.MAX_ENTRIES + 1));
        assertEquals(Optional.of("script 1"), r.recall(1, address(1), RecentOneShots.MAX_ENTRIES + 1));
    }

    @Test
    public void expiredEntriesGoEvenWhenShorterGracesCameLater() throws Exception {
        RecentOneShots r = new RecentOneShots();
        r.remember(1, address(1), "long", 0, 300 * SECOND);
        r.remember(2, address(2), "short", 0, 10 * SECOND);
        assertEquals(Optional.empty(), r.recall(2, address(2), 11 * SECOND));
        assertEquals(Optional.of("long"), r.recall(1, address(1), 11 * SECOND));
    }
}
