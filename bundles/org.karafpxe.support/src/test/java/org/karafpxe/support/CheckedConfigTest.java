package org.karafpxe.support;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class CheckedConfigTest {

    enum Mode { ALL, KNOWN, NONE }

    @Test
    public void absentAndBlankValuesTakeTheDeclaredDefaults() {
        CheckedConfig<SampleConfig> checked = CheckedConfig.of(SampleConfig.class, null, Map.of("port", " "));
        SampleConfig config = checked.config();
        assertTrue(config.enabled());
        assertEquals(69, config.port());
        assertEquals(1000L, config.timeout_ms());
        assertEquals("exact", config.case$());
        assertEquals(300, config.service_ranking());
        assertArrayEquals(new String[0], config.names());
        assertEquals(List.of(), checked.problems());
        assertEquals(69, CheckedConfig.defaults(SampleConfig.class).port());
    }

    @Test
    public void valuesAsAnOperatorWritesThemAreRead() {
        SampleConfig config = CheckedConfig.of(SampleConfig.class, null, Map.of("enabled", "FALSE", "port", "4011",
                "timeout.ms", " 250 ", "case", "Insensitive", "service.ranking", 500)).config();
        assertFalse(config.enabled());
        assertEquals(4011, config.port());
        assertEquals(250L, config.timeout_ms());
        assertEquals("insensitive", config.case$());
        assertEquals(500, config.service_ranking());
    }

    @Test
    public void eachRefusedValueIsNamedWithWhatIsAllowedAndItsDefaultUsed() {
        CheckedConfig<SampleConfig> checked = CheckedConfig.of(SampleConfig.class, null, Map.of("enabled", "ture",
                "port", "70000", "timeout.ms", "soon", "case", "loose", "service.ranking", "first"));
        SampleConfig config = checked.config();
        assertTrue(config.enabled());
        assertEquals(69, config.port());
        assertEquals(1000L, config.timeout_ms());
        assertEquals("exact", config.case$());
        assertEquals(300, config.service_ranking());
        assertEquals(List.of("enabled = 'ture' is neither true nor false; using true",
                "port = '70000' is not a whole number from 1 to 65535; using 69",
                "timeout.ms = 'soon' is not a whole number from 100 to 10000; using 1000",
                "case = 'loose' is not one of exact, insensitive; using exact",
                "service.ranking = 'first' is not a whole number; using 300"), checked.problems());
    }

    @Test
    public void theTypedValuesOfDeclarativeServicesAreUsedWhereTheTextIsValid() {
        SampleConfig typed = CheckedConfig.of(SampleConfig.class, null,
                Map.of("names", new String[] {"a", "b"})).config();
        CheckedConfig<SampleConfig> checked = CheckedConfig.of(SampleConfig.class, typed,
                Map.of("names", new String[] {"ignored"}, "port", "x"));
        assertArrayEquals(new String[] {"a", "b"}, checked.config().names());
        assertEquals(69, checked.config().port());
        assertEquals(1, checked.problems().size());
    }

    @Test
    public void richerValuesAreReadThroughTheirAccessor() throws Exception {
        CheckedConfig<SampleConfig> checked = CheckedConfig.of(SampleConfig.class, null,
                Map.of("address", "server.example", "relay", "192.0.2.300", "mode", "Known"));
        assertEquals(InetAddress.getByName("::"), checked.address(SampleConfig::address));
        assertNull(checked.ipv4(SampleConfig::relay));
        assertEquals(Mode.KNOWN, checked.choice(SampleConfig::mode, Mode.class));
        assertEquals("timeout.ms", checked.key(SampleConfig::timeout_ms));
        assertEquals(List.of("address = 'server.example' is not an IP address such as 0.0.0.0, 192.0.2.10 or ::; "
                + "using 0:0:0:0:0:0:0:0", "relay = '192.0.2.300' is not an IPv4 address such as 192.0.2.10; "
                + "ignoring it"), checked.problems());
        assertEquals(InetAddress.getByName("192.0.2.7"),
                CheckedConfig.of(SampleConfig.class, null, Map.of("relay", "192.0.2.7")).ipv4(SampleConfig::relay));
    }

    @Test
    public void anAccessorOfAnotherKindIsAMistakeOfTheComponent() {
        CheckedConfig<SampleConfig> checked = CheckedConfig.of(SampleConfig.class, null, Map.of());
        assertThrows(IllegalArgumentException.class, () -> checked.choice(c -> "x", Mode.class));
    }

    @Test
    public void keysFollowTheMappingOfDeclarativeServices() {
        assertEquals("timeout.ms", CheckedConfig.keyOf("timeout_ms"));
        assertEquals("case", CheckedConfig.keyOf("case$"));
        assertEquals("a_b", CheckedConfig.keyOf("a__b"));
        assertEquals("a-b", CheckedConfig.keyOf("a$_$b"));
        assertEquals("a$b", CheckedConfig.keyOf("a$$b"));
    }
}
