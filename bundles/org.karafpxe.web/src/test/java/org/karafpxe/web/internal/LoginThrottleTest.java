package org.karafpxe.web.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import org.junit.Test;

public class LoginThrottleTest {
    private static final long S = 1_000_000_000L;

    @Test
    public void anAddressIsStoppedAfterTenRefusalsUntilItsWindowHasPassed() throws Exception {
        LoginThrottle throttle = new LoginThrottle();
        InetAddress guesser = InetAddress.getByName("192.0.2.7");
        InetAddress other = InetAddress.getByName("192.0.2.8");
        for (int i = 0; i < LoginThrottle.FAILURES; i++) {
            assertTrue(throttle.allowed(guesser, i * S));
            throttle.refused(guesser, i * S);
        }
        assertFalse(throttle.allowed(guesser, 20 * S));
        assertTrue("another address is not held back", throttle.allowed(other, 20 * S));
        assertTrue("once the window has passed", throttle.allowed(guesser, 61 * S));
        throttle.accepted(guesser);
        assertEquals(0, throttle.tracked());
    }

    @Test
    public void theTableIsCappedAndMakesRoomFromPassedWindows() throws Exception {
        LoginThrottle throttle = new LoginThrottle();
        for (int i = 0; i < LoginThrottle.MAX_ADDRESSES + 100; i++) {
            throttle.refused(InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i}), 0);
        }
        assertEquals(LoginThrottle.MAX_ADDRESSES, throttle.tracked());
        throttle.refused(InetAddress.getByName("192.0.2.9"), 120 * S);
        assertEquals("the passed windows made room", 1, throttle.tracked());
    }
}
