package org.karafpxe.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Values as an operator writes them in a .cfg file: taken, or refused with what is allowed. */
public class ConfigValuesTest {

    private enum Matching { EXACT, INSENSITIVE }

    @Test
    public void absentAndBlankValuesTakeTheirDefaultsWithoutAWord() throws Exception {
        ConfigValues values = new ConfigValues(Map.of("blank", "  "));
        assertEquals(7, values.number("blank", 7, 0, 10));
        assertEquals(7, values.number("absent", 7, 0, 10));
        assertTrue(values.flag("blank", true));
        assertEquals(Matching.EXACT, values.choice("absent", Matching.class, Matching.EXACT));
        assertNull(values.text("blank"));
        assertNull(values.ipv4("absent", null));
        assertEquals(250, values.ranking("absent", 250));
        assertEquals(List.of(), values.problems());
        assertEquals(List.of(), new ConfigValues(null).problems());
    }

    @Test
    public void numbersAreTakenTrimmedWithinTheirRange() {
        ConfigValues values = new ConfigValues(Map.of("port", " 6969 ", "min", "1", "max", "65535"));
        assertEquals(6969, values.number("port", 69, 1, 65535));
        assertEquals(1, values.number("min", 69, 1, 65535));
        assertEquals(65535, values.number("max", 69, 1, 65535));
        assertEquals(List.of(), values.problems());
    }

    @Test
    public void aBadNumberIsRefusedWithWhatIsAllowed() {
        ConfigValues values = new ConfigValues(Map.of("port", "70000", "retries", "three", "delay", "-1"));
        assertEquals(69, values.number("port", 69, 1, 65535));
        assertEquals(5, values.number("retries", 5, 1, 20));
        assertEquals(0, values.number("delay", 0, 0, 60, "a number of seconds from 0 to 60 (0: at once)"));
        assertEquals(List.of("port = '70000' is not a whole number from 1 to 65535; using 69",
                "retries = 'three' is not a whole number from 1 to 20; using 5",
                "delay = '-1' is not a number of seconds from 0 to 60 (0: at once); using 0"), values.problems());
    }

    @Test
    public void flagsAreTrueOrFalseInAnyCase() {
        ConfigValues values = new ConfigValues(Map.of("a", "TRUE", "b", "False", "c", "yes"));
        assertTrue(values.flag("a", false));
        assertFalse(values.flag("b", true));
        assertTrue(values.flag("c", true));
        assertEquals(List.of("c = 'yes' is neither true nor false; using true"), values.problems());
    }

    @Test
    public void addressesAreLiteralsAndNamesAreRefusedWithoutALookup() throws Exception {
        InetAddress any = InetAddress.getByName("0.0.0.0");
        ConfigValues values = new ConfigValues(Map.of("v4", "192.0.2.10", "v6", "2001:db8::1",
                "name", "localhost", "range", "192.0.2.300"));
        assertEquals(InetAddress.getByName("192.0.2.10"), values.address("v4", any));
        assertEquals(InetAddress.getByName("2001:db8::1"), values.address("v6", any));
        // A name that resolves anywhere: were it looked up, it would be taken.
        assertEquals(any, values.address("name", any));
        assertEquals(any, values.address("range", any));
        assertEquals(List.of(
                "name = 'localhost' is not an IP address such as 0.0.0.0, 192.0.2.10 or ::; using 0.0.0.0",
                "range = '192.0.2.300' is not an IP address such as 0.0.0.0, 192.0.2.10 or ::; using 0.0.0.0"),
                values.problems());
    }

    @Test
    public void literalsAreParsedWithoutALookupAndAnythingElseIsNull() throws Exception {
        assertEquals(InetAddress.getByName("192.0.2.1"), ConfigValues.literal("192.0.2.1"));
        assertEquals(InetAddress.getByName("fe80::1"), ConfigValues.literal("fe80::1"));
        assertEquals(InetAddress.getByName("::ffff:192.0.2.1"), ConfigValues.literal("::ffff:192.0.2.1"));
        // A name that resolves anywhere: were it looked up, it would be taken.
        assertNull(ConfigValues.literal("localhost"));
        assertNull(ConfigValues.literal("localhost:69"));
        assertNull(ConfigValues.literal("1.2.3"));
        assertNull(ConfigValues.ipv4Literal("::ffff:192.0.2.1"));
        assertNull(ConfigValues.ipv4Literal("256.0.0.1"));
    }

    @Test
    public void anIpv4AddressRefusesIpv6AndIsIgnoredWithoutADefault() throws Exception {
        Inet4Address broadcast = (Inet4Address) InetAddress.getByName("255.255.255.255");
        ConfigValues values = new ConfigValues(Map.of("a", "2001:db8::1", "b", "pxe.example", "c", "192.0.2.1"));
        assertEquals(broadcast, values.ipv4("a", broadcast));
        assertNull(values.ipv4("b", null));
        assertEquals(InetAddress.getByName("192.0.2.1"), values.ipv4("c", null));
        assertEquals(List.of("a = '2001:db8::1' is not an IPv4 address such as 192.0.2.10; using 255.255.255.255",
                "b = 'pxe.example' is not an IPv4 address such as 192.0.2.10; ignoring it"), values.problems());
    }

    @Test
    public void aChoiceIsOneOfTheConstantsInAnyCase() {
        ConfigValues values = new ConfigValues(Map.of("case", "Insensitive", "other", "upper"));
        assertEquals(Matching.INSENSITIVE, values.choice("case", Matching.class, Matching.EXACT));
        assertEquals(Matching.EXACT, values.choice("other", Matching.class, Matching.EXACT));
        assertEquals(List.of("other = 'upper' is not one of exact, insensitive; using exact"), values.problems());
    }

    @Test
    public void aRankingIsAnyWholeNumberAndTheComponentsOwnProblemsFollowInOrder() {
        ConfigValues values = new ConfigValues(Map.of("service.ranking", "-5", "r", "high"));
        assertEquals(-5, values.ranking("service.ranking", 250));
        assertEquals(250, values.ranking("r", 250));
        values.problem("a (1) is shorter than b (2)");
        assertEquals(List.of("r = 'high' is not a whole number; using 250", "a (1) is shorter than b (2)"),
                values.problems());
    }
}
