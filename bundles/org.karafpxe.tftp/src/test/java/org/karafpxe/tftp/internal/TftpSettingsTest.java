package org.karafpxe.tftp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Reading {@code etc/org.karafpxe.tftp.cfg}: defaults, every key, and bad values replaced with a reason. */
public class TftpSettingsTest {

    @Test
    public void defaults() throws Exception {
        TftpSettings s = TftpSettings.defaults();
        assertTrue(s.enabled());
        assertEquals(InetAddress.getByName("::"), s.address());
        assertEquals(69, s.port());
        assertEquals(65464, s.maxBlockSize());
        assertEquals(16, s.maxWindowSize());
        assertEquals(Duration.ofMillis(1000), s.timeout());
        assertEquals(5, s.retries());
        assertEquals(1024, s.maxSessions());
        assertEquals(8, s.maxSessionsPerClient());
        assertEquals(16384, s.maxWaiting());
        assertEquals(Duration.ofSeconds(30), s.idleTimeout());
        assertEquals(Duration.ofNanos(200_000), s.busyPoll());
        assertEquals(List.of(), s.problems());
    }

    @Test
    public void everyKeyIsRead() throws Exception {
        Map<String, Object> cfg = new HashMap<>();
        cfg.put("enabled", "false");
        cfg.put("address", " 192.0.2.10 ");
        cfg.put("port", "6969");
        cfg.put("blksize.max", "1468");
        cfg.put("windowsize.max", 4);
        cfg.put("timeout.ms", "250");
        cfg.put("retries", "3");
        cfg.put("sessions.max", "100");
        cfg.put("sessions.per.client", "2");
        cfg.put("idle.timeout.s", "10");
        cfg.put("busy.poll.us", "0");
        TftpSettings s = TftpSettings.from(cfg);
        assertFalse(s.enabled());
        assertEquals(InetAddress.getByName("192.0.2.10"), s.address());
        assertEquals(6969, s.port());
        assertEquals(1468, s.maxBlockSize());
        assertEquals(4, s.maxWindowSize());
        assertEquals(Duration.ofMillis(250), s.timeout());
        assertEquals(3, s.retries());
        assertEquals(100, s.maxSessions());
        assertEquals(2, s.maxSessionsPerClient());
        assertEquals(Duration.ofSeconds(10), s.idleTimeout());
        assertEquals(Duration.ZERO, s.busyPoll());
        assertEquals(List.of(), s.problems());
        assertEquals(InetAddress.getByName("::"), TftpSettings.from(Map.of("address", "::")).address());
    }

    @Test
    public void badValuesAreReplacedByDefaultsWithWhatIsAllowed() {
        Map<String, Object> cfg = new HashMap<>();
        cfg.put("enabled", "yes");
        cfg.put("address", "tftp.example.com");
        cfg.put("port", "70000");
        cfg.put("blksize.max", "4");
        cfg.put("windowsize.max", "65");
        cfg.put("timeout.ms", "fast");
        cfg.put("retries", "0");
        cfg.put("sessions.max", "-1");
        cfg.put("sessions.per.client", "1.5");
        cfg.put("idle.timeout.s", "");
        cfg.put("busy.poll.us", "5001");
        TftpSettings s = TftpSettings.from(cfg);
        assertTrue(s.enabled());
        assertEquals(69, s.port());
        assertEquals(65464, s.maxBlockSize());
        assertEquals(16, s.maxWindowSize());
        assertEquals(1000, s.timeout().toMillis());
        assertEquals(5, s.retries());
        assertEquals(1024, s.maxSessions());
        assertEquals(8, s.maxSessionsPerClient());
        assertEquals("blank means default, silently", 30, s.idleTimeout().toSeconds());
        assertEquals(200, s.busyPoll().toNanos() / 1000);
        assertEquals(s.problems().toString(), 10, s.problems().size());
        assertTrue(s.problems().get(9), s.problems().get(9).contains("busy.poll.us = '5001' is not a whole number "
                + "from 0 to 5000"));
        assertEquals("port = '70000' is not a whole number from 1 to 65535; using 69", s.problems().get(2));
        assertTrue(s.problems().get(0), s.problems().get(0).contains("neither true nor false"));
        assertTrue(s.problems().get(1), s.problems().get(1).contains("not an IP address"));
        assertTrue(s.problems().get(3), s.problems().get(3).contains("from 8 to 65464"));
        assertTrue(s.problems().get(4), s.problems().get(4).contains("from 1 to 64"));
        assertTrue(s.problems().get(5), s.problems().get(5).contains("timeout.ms = 'fast'"));
    }

    @Test
    public void addressesAreLiteralsOnly() {
        for (String bad : new String[] {"localhost", "256.1.1.1", "1.2.3", "::zz", "10.0.0.1/24"}) {
            TftpSettings s = TftpSettings.from(Map.of("address", bad));
            assertEquals(bad, 1, s.problems().size());
            assertEquals("0:0:0:0:0:0:0:0", s.address().getHostAddress());
        }
    }

    @Test
    public void onlyAddressPortAndEnabledNeedANewListener() {
        TftpSettings base = TftpSettings.defaults();
        assertTrue(base.sameListener(TftpSettings.from(Map.of("blksize.max", "1468", "retries", "2"))));
        assertFalse(base.sameListener(TftpSettings.from(Map.of("port", "6969"))));
        assertFalse(base.sameListener(TftpSettings.from(Map.of("address", "127.0.0.1"))));
        assertFalse(base.sameListener(TftpSettings.from(Map.of("enabled", "false"))));
    }

    @Test
    public void directorySettings() {
        DirectorySettings d = DirectorySettings.from(Map.of(), "/opt/karaf");
        assertEquals(Path.of("/opt/karaf/tftpboot"), d.root());
        assertEquals(CaseMatching.EXACT, d.caseMatching());
        assertEquals(List.of(), d.problems());

        d = DirectorySettings.from(Map.of("root", "/srv/tftp/", "case", "Insensitive"), "/opt/karaf");
        assertEquals(Path.of("/srv/tftp"), d.root());
        assertEquals(CaseMatching.INSENSITIVE, d.caseMatching());

        d = DirectorySettings.from(Map.of("root", "${karaf.base}/tftpboot", "case", "upper"), "/opt/karaf");
        assertEquals(Path.of("/opt/karaf/tftpboot"), d.root());
        assertEquals(CaseMatching.EXACT, d.caseMatching());
        assertEquals(d.problems().toString(), 2, d.problems().size());
        assertEquals("case = 'upper' is not one of exact, insensitive; using exact", d.problems().get(0));
        assertTrue(d.problems().get(1).contains("placeholder"));

        assertEquals("without karaf.base, under the working directory",
                Path.of("tftpboot").toAbsolutePath(), DirectorySettings.from(Map.of(), null).root());
    }
}
