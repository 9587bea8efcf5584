package org.karafpxe.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.inject.Inject;
import javax.sql.DataSource;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.karafpxe.engine.BootChain;
import org.karafpxe.engine.DecisionTimes;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;

/**
 * Fault injection: the store's PostgreSQL database stopped, and then black-holed, while scripted
 * clients keep booting and an operator keeps prestaging devices. What the README promises: while
 * the database is away, clients get no answer (they boot their next device), every request is
 * still decided within the chain's deadline, the console says what is wrong at once; when the
 * database returns the server serves again by itself, and no acknowledged write is lost.
 *
 * <p>The server reaches PostgreSQL through {@link FaultProxy}, a relay on loopback started only
 * once the container is up: so the database is also unreachable while the server starts, and the
 * store must open later by itself. Stopping uses the real cluster ({@code pg_ctlcluster}, named by
 * PXE_TEST_POSTGRES_CTL, which {@code .ci/postgres.sh} sets).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StoreFaultPostgresIT extends PxeTestSupport {

    private static final int RELAY_PORT = 15432;
    /** The timeouts the shipped data source file recommends for PostgreSQL. */
    private static final String TIMEOUTS = "connectTimeout=2&socketTimeout=5&loginTimeout=3&tcpKeepAlive=true";
    /** The chain's default deadline: no decision may take longer, database or not. */
    private static final long CHAIN_DEADLINE_MS = 1500;
    private static final int MACHINES = 40;

    private static FaultProxy relay;

    @Inject
    private BootChain chain;

    @Inject
    @Filter("(dataSourceName=pxe)")
    private DataSource dataSource;

    @Configuration
    public Option[] config() {
        String url = System.getenv("PXE_TEST_POSTGRES_URL");
        if (url == null) {
            return distribution();
        }
        String database = URI.create(url.substring("jdbc:".length())).getPath();
        return distribution(
                postgresDataSource("jdbc:postgresql://127.0.0.1:" + RELAY_PORT + database + "?" + TIMEOUTS));
    }

    /** Starts the relay to the database before waiting for the server: until then it has none. */
    @Override
    @Before
    public void serverReady() throws InterruptedException {
        String url = System.getenv("PXE_TEST_POSTGRES_URL");
        if ((url == null || System.getenv("PXE_TEST_POSTGRES_CTL") == null) && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("PXE_TEST_POSTGRES_URL and PXE_TEST_POSTGRES_CTL are not set: CI must run the "
                    + "PostgreSQL fault tests (.ci/postgres.sh)");
        }
        Assume.assumeTrue("PostgreSQL fault tests skipped: PXE_TEST_POSTGRES_URL or PXE_TEST_POSTGRES_CTL is not set",
                url != null && System.getenv("PXE_TEST_POSTGRES_CTL") != null);
        if (relay == null) {
            URI real = URI.create(url.substring("jdbc:".length()));
            try {
                relay = new FaultProxy(RELAY_PORT, new InetSocketAddress(real.getHost(), real.getPort()));
            } catch (IOException e) {
                throw new AssertionError("cannot start the relay to PostgreSQL on port " + RELAY_PORT, e);
            }
        }
        super.serverReady();
    }

    @After
    public void databaseBack() throws Exception {
        if (relay != null) {
            relay.blackHole(false);
            postgres("start");
        }
    }

    @Test
    public void aStoppedDatabase() throws Exception {
        outage("stopped", () -> postgres("stop"), () -> postgres("start"));
    }

    @Test
    public void aBlackHoledDatabase() throws Exception {
        outage("black-holed", () -> relay.blackHole(true), () -> relay.blackHole(false));
    }

    private interface Step {
        void run() throws Exception;
    }

    private void outage(String what, Step fail, Step restore) throws Exception {
        // The database outlives the container: names and MACs of this run only.
        int run = new java.security.SecureRandom().nextInt(1 << 16);
        String tag = String.format("%02x:%02x:%02x", (int) what.charAt(0), run >> 8, run & 0xff);
        String known = String.format("fault-%s-%04x-known", what.charAt(0), run);
        String knownMac = "02:fa:" + tag + ":01";
        executeCommand("pxe:device-add --mac " + knownMac + " " + known);
        List<String> macs = new ArrayList<>();
        macs.add(knownMac);
        for (int i = 2; i <= MACHINES; i++) {
            macs.add(String.format("02:fb:%s:%02x", tag, i));
        }
        Writer writer = new Writer(String.format("fault-%s-%04x-w", what.charAt(0), run), "02:fc:" + tag);
        try (ScriptedStorm storm = new ScriptedStorm(CLIENT_PORT, PROXY_PORT, macs, 40)) {
            writer.start();
            await("4 s of booting and the first writes", Duration.ofSeconds(30),
                    () -> storm.now() >= 4000 && writer.acknowledged().size() >= 3);
            List<ScriptedStorm.Sent> healthy = storm.sentBetween(0, storm.now() - 1500);
            long answered = healthy.stream().filter(s -> s.answeredAt >= 0).count();
            assertTrue("before the fault, clients are answered: " + answered + " of " + healthy.size(),
                    healthy.size() > 0 && answered >= healthy.size() * 9 / 10);

            chain.resetDecisionTimes();
            long faultAt = storm.now();
            fail.run();
            // The console says what is wrong, without waiting minutes on the database.
            String[] message = new String[1];
            await("the console to report the database " + what, Duration.ofSeconds(20), () -> {
                long start = System.nanoTime();
                try {
                    executeCommand("pxe:device-show " + known);
                    return false;
                } catch (Exception e) {
                    message[0] = e.getMessage();
                    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    assertTrue("a console command failed after " + took + " ms", took < 12_000);
                    return true;
                }
            });
            assertTrue(message[0], message[0].contains("database"));
            long awayAt = storm.now();
            assertTrue("noticed " + (awayAt - faultAt) + " ms after the database was " + what,
                    awayAt - faultAt < 20_000);

            // A while with the database away: decisions stay within the deadline, nobody is answered.
            Thread.sleep(8_000);
            long restoreAt = storm.now();
            DecisionTimes times = chain.decisionTimes();
            assertTrue("requests are decided while the database is " + what + ": " + times.describe(),
                    times.decisions() > 100);
            // (The times are upper bounds of buckets up to 19 % wide.)
            assertTrue("every decision within the chain's deadline while the database is " + what + ": "
                    + times.describe(), times.max().toMillis() <= CHAIN_DEADLINE_MS * 119 / 100);
            List<ScriptedStorm.Sent> away = storm.sentBetween(awayAt, restoreAt);
            long answeredAway = away.stream().filter(s -> s.answeredAt >= 0).count();
            assertEquals("requests answered while the database was " + what + ", of " + away.size(), 0, answeredAway);
            String requests = executeCommand("pxe:requests");
            assertTrue(requests, requests.contains("IGNORE"));

            restore.run();
            await("clients answered again after the database returned", Duration.ofSeconds(60),
                    () -> storm.firstAnsweredSentAfter(restoreAt) >= 0);
            long recovered = storm.firstAnsweredSentAfter(restoreAt) - restoreAt;
            await("the console to work again", Duration.ofSeconds(30), () -> {
                try {
                    return executeCommand("pxe:device-show " + known).contains(known);
                } catch (Exception notYet) {
                    return false;
                }
            });
            System.out.printf("database %s: noticed in %d ms, clients answered again %d ms after it returned; "
                            + "decisions meanwhile: %s; writes acknowledged %d, refused %d%n", what,
                    awayAt - faultAt, recovered, times.describe(), writer.acknowledged().size(), writer.refused.get());
            assertTrue("answered again " + recovered + " ms after the database returned", recovered < 30_000);
        } finally {
            writer.stop();
        }
        // Every write the console acknowledged is in the database.
        Set<String> stored = storedNames(writer.prefix);
        Set<String> lost = new HashSet<>(writer.acknowledged());
        lost.removeAll(stored);
        assertEquals("acknowledged writes missing from the database", Set.of(), lost);
        assertTrue("writes were refused while the database was " + what, writer.refused.get() > 0);
    }

    private Set<String> storedNames(String prefix) throws Exception {
        Set<String> names = new HashSet<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT name FROM pxe_device WHERE name LIKE ?")) {
            s.setString(1, prefix + "%");
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    names.add(r.getString(1));
                }
            }
        }
        return names;
    }

    /** An operator prestaging devices one after another, noting which adds the console acknowledged. */
    private final class Writer {
        final String prefix;
        private final String macPrefix;
        final AtomicInteger refused = new AtomicInteger();
        private final Set<String> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        /** Names start with the prefix; MACs with the five bytes given (so at most 255 writes). */
        Writer(String prefix, String macPrefix) {
            this.prefix = prefix;
            this.macPrefix = macPrefix;
            this.thread = new Thread(this::write, "fault-writer");
        }

        void start() {
            thread.start();
        }

        Set<String> acknowledged() {
            return acknowledged;
        }

        private void write() {
            for (int i = 1; running.get() && i < 256; i++) {
                String name = prefix + i;
                try {
                    executeCommand(String.format("pxe:device-add --mac %s:%02x %s", macPrefix, i & 0xff, name));
                    acknowledged.add(name);
                } catch (Exception e) {
                    refused.incrementAndGet();
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(30_000);
        }
    }

    private static void postgres(String action) throws Exception {
        String ctl = System.getenv("PXE_TEST_POSTGRES_CTL");
        List<String> command = new ArrayList<>(List.of(ctl.trim().split("\\s+")));
        command.add(action);
        if (action.equals("stop")) {
            command.addAll(List.of("-m", "fast"));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int rc = p.waitFor();
        // "start" of a running cluster says so and fails: that is the state wanted.
        if (rc != 0 && !(action.equals("start") && output.contains("already running"))) {
            throw new AssertionError(String.join(" ", command) + " failed (" + rc + "): " + output);
        }
    }
}
