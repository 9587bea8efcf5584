package org.karafpxe.tftp.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * The server's counters, updated from every event loop and read by the console. Owned by the component
 * rather than by one listener, so a restart after a configuration change keeps them.
 */
public final class TftpCounters {
    final LongAdder requests = new LongAdder();
    final LongAdder completed = new LongAdder();
    final LongAdder abortedByClient = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder refusedNotFound = new LongAdder();
    final LongAdder refusedAccess = new LongAdder();
    final LongAdder refusedWrite = new LongAdder();
    final LongAdder refusedLimit = new LongAdder();
    final LongAdder refusedMode = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder retransmits = new LongAdder();
}
