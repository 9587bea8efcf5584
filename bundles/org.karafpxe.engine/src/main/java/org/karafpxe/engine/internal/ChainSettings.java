package org.karafpxe.engine.internal;

import java.util.List;
import java.util.Map;
import org.karafpxe.support.ConfigValues;

/**
 * The chain's validated settings. A bad value is reported with what is allowed and replaced by
 * its default, so a typo in {@code etc/org.karafpxe.engine.cfg} never takes the chain down.
 *
 * @param providerBudgetMillis longest one provider may take for one request
 * @param chainDeadlineMillis  longest the whole chain may take for one request
 * @param maxWorkers           most requests whose providers are being asked at once, one worker each
 * @param historySize          how many recent decisions {@code pxe:requests} can show
 * @param onSocketThread       whether providers that say they decide a request without blocking
 *                             are asked on the thread that received it
 * @param fallThroughSeconds   how long a machine sent to its next boot device has its later
 *                             network boot options (HTTP boot) answered so that they give up at
 *                             once; 0 turns that off
 * @param fallThroughHttpPort  the port of the URL that HTTP boot is given then (this server's HTTP
 *                             port, which answers it "not found" at once)
 * @param problems             what was wrong with the configuration, for the log
 */
record ChainSettings(long providerBudgetMillis, long chainDeadlineMillis, int maxWorkers, int historySize,
        boolean onSocketThread, long fallThroughSeconds, int fallThroughHttpPort, List<String> problems) {

    static final String PROVIDER_BUDGET = "provider.budget.ms";
    static final String CHAIN_DEADLINE = "chain.deadline.ms";
    static final String MAX_WORKERS = "workers.max";
    static final String HISTORY_SIZE = "history.size";
    static final String ON_SOCKET_THREAD = "decide.on.socket.thread";
    static final String FALL_THROUGH_SECONDS = "fallthrough.seconds";
    static final String FALL_THROUGH_HTTP_PORT = "fallthrough.http.port";

    /*
     * PXE firmware retries DISCOVER after 4 s and iPXE waits about 2 s for proxy offers, so the
     * chain must decide well within 2 s; a quarter second per provider leaves room for several.
     */
    static final long DEFAULT_PROVIDER_BUDGET = 250;
    static final long DEFAULT_CHAIN_DEADLINE = 1500;
    static final int DEFAULT_MAX_WORKERS = 64;
    static final int DEFAULT_HISTORY_SIZE = 1000;
    /* A fall-through from PXE to the last network boot option takes seconds; a new boot ends it sooner. */
    static final long DEFAULT_FALL_THROUGH_SECONDS = 120;
    static final int DEFAULT_FALL_THROUGH_HTTP_PORT = 8080;

    static ChainSettings defaults() {
        return from(Map.of());
    }

    static ChainSettings from(Map<String, ?> properties) {
        ConfigValues values = new ConfigValues(properties);
        long budget = values.number(PROVIDER_BUDGET, DEFAULT_PROVIDER_BUDGET, 1, 60_000);
        long deadline = values.number(CHAIN_DEADLINE, DEFAULT_CHAIN_DEADLINE, 1, 60_000);
        int workers = (int) values.number(MAX_WORKERS, DEFAULT_MAX_WORKERS, 1, 4096);
        int history = (int) values.number(HISTORY_SIZE, DEFAULT_HISTORY_SIZE, 1, 1_000_000);
        boolean onSocketThread = values.flag(ON_SOCKET_THREAD, true);
        long fallThrough = values.number(FALL_THROUGH_SECONDS, DEFAULT_FALL_THROUGH_SECONDS, 0, 3600);
        int fallThroughPort = (int) values.number(FALL_THROUGH_HTTP_PORT, DEFAULT_FALL_THROUGH_HTTP_PORT, 1, 65535);
        if (deadline < budget) {
            values.problem(CHAIN_DEADLINE + " (" + deadline + ") is shorter than " + PROVIDER_BUDGET + " ("
                    + budget + "): a provider's budget is cut to the time left before the deadline");
        }
        return new ChainSettings(budget, deadline, workers, history, onSocketThread, fallThrough, fallThroughPort,
                values.problems());
    }
}
