package org.karafpxe.engine.internal;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class StepWatchdogTest {

    @Test
    public void withNoStepInProgressTheThreadSleepsInsteadOfTicking() throws Exception {
        StepWatchdog watchdog = new StepWatchdog(10); // a tick of 1 ms
        try {
            Thread.sleep(200);
            // A thread that ticks is in TIMED_WAITING (or running) whenever it is looked at.
            for (int i = 0; i < 20; i++) {
                assertEquals("with no step in progress", Thread.State.WAITING, watchdog.threadState());
                Thread.sleep(5);
            }
        } finally {
            watchdog.stop();
        }
    }
}
