package org.karafpxe.engine.internal;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class StepWatchdogTest {

    @Test
    public void withNoStepInProgressTheThreadSleepsInsteadOfTicking() throws Exception {
        StepWatchdog watchdog = new StepWatchdog(10); // a tick of 1 ms
        try {
            Thread.sleep(200);
            assertEquals("passes over the steps in progress while there were none", 0, watchdog.passes());
        } finally {
            watchdog.stop();
        }
    }
}
