package org.karafpxe.web.internal;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.Test;

public class NeighboursTest {

    @Test
    public void completeEntriesAreKeptAndIncompleteOrOddOnesLeftOut() {
        Map<String, String> macs = Neighbours.parse(List.of(
                "IP address       HW type     Flags       HW address            Mask     Device",
                "10.215.128.7     0x1         0x2         52:54:00:AB:00:07     *        eth0",
                "10.215.128.8     0x1         0x0         00:00:00:00:00:00     *        eth0",
                "10.215.128.9     0x1         0x2         not-a-mac             *        eth0",
                "garbage"));
        assertEquals(Map.of("10.215.128.7", "52:54:00:ab:00:07"), macs);
        assertEquals(Map.of(), Neighbours.parse(List.of()));
    }
}
