package org.karafpxe.api;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.Test;

public class ValuesTest {

    @Test
    public void rawOptionsKeepTheOrderReceivedAndCopyValuesInAndOut() {
        byte[] given = {1, 2};
        RawOptions o = RawOptions.builder().put(175, given).put(60, new byte[] {'P'}).put(175, new byte[] {3})
                .build();
        given[0] = 9;
        assertEquals(List.of(175, 60), List.copyOf(o.codes()));
        assertEquals(3, o.get(175).orElseThrow()[0]);
        o.get(60).orElseThrow()[0] = 'X';
        assertEquals('P', o.get(60).orElseThrow()[0]);
        assertTrue(o.contains(60));
        assertFalse(o.contains(61));
        assertEquals(RawOptions.empty().codes(), RawOptions.builder().build().codes());
    }

    @Test
    public void aRequestedNameInALogLineCannotForgeAnotherLine() {
        assertEquals("boot.ipxe\\u000a2026-12-06 INFO forged\\u001b[31m",
                BootFileName.printable("boot.ipxe\n2026-12-06 INFO forged\u001b[31m"));
        assertEquals("x".repeat(300) + "... (400 characters)", BootFileName.printable("x".repeat(400)));
        assertEquals("(none)", BootFileName.printable(null));
    }

    @Test
    public void rawOptionsWithoutOneCodeKeepTheRestInOrder() {
        RawOptions o = RawOptions.builder().put(53, new byte[] {1}).put(97, new byte[17]).put(60, new byte[] {'P'})
                .build();
        RawOptions stripped = o.without(97);
        assertEquals(List.of(53, 60), List.copyOf(stripped.codes()));
        assertEquals('P', stripped.get(60).orElseThrow()[0]);
        assertTrue("the original is unchanged", o.contains(97));
        assertTrue(o.without(61) == o);
        assertTrue(RawOptions.builder().put(97, new byte[1]).build().without(97).codes().isEmpty());
    }

    @Test
    public void macAddressParsesCommonForms() {
        MacAddress mac = MacAddress.parse("52:54:00:12:34:56").orElseThrow();
        assertEquals("52:54:00:12:34:56", mac.toString());
        assertEquals(mac, MacAddress.parse("52-54-00-12-34-56").orElseThrow());
        assertEquals(mac, MacAddress.parse("525400123456").orElseThrow());
        assertEquals(mac, MacAddress.parse("52:54:00:12:34:56".toUpperCase()).orElseThrow());
        assertFalse(MacAddress.parse("52:54:00:12:34:5").isPresent());
        assertFalse(MacAddress.parse("zz:54:00:12:34:56").isPresent());
        assertFalse(MacAddress.parse("").isPresent());
    }

    @Test
    public void macAddressIsImmutable() {
        byte[] raw = {1, 2, 3, 4, 5, 6};
        MacAddress mac = MacAddress.of(raw);
        raw[0] = 9;
        mac.bytes()[1] = 9;
        assertEquals("01:02:03:04:05:06", mac.toString());
    }

    @Test
    public void bootAnswerCopiesOptionsAndRejectsBadOnes() {
        Map<Integer, byte[]> options = new HashMap<>();
        options.put(43, new byte[] {6, 1, 8});
        BootAnswer answer = new BootAnswer("undionly.kpxe", java.util.Optional.empty(),
                java.util.Optional.empty(), options);
        options.get(43)[0] = 0;
        assertEquals(6, answer.extraOption(43).orElseThrow()[0]);
        assertThrows(IllegalArgumentException.class, () -> BootAnswer.of(" "));
        assertThrows(IllegalArgumentException.class, () -> new BootAnswer("a",
                java.util.Optional.empty(), java.util.Optional.empty(), Map.of(255, new byte[0])));
    }

    @Test
    public void requestKnowsIpxeByUserClassOrOption175() throws Exception {
        InetAddress server = InetAddress.getByName("127.0.0.1");
        MacAddress mac = MacAddress.parse("52:54:00:12:34:56").orElseThrow();
        assertFalse(BootRequest.builder(mac, server).vendorClass("PXEClient:Arch:00000:UNDI:002001")
                .build().isIpxe());
        assertTrue(BootRequest.builder(mac, server).userClasses(List.of("iPXE")).build().isIpxe());
        assertTrue(BootRequest.builder(mac, server)
                .options(RawOptions.of(Map.of(175, new byte[] {(byte) 177, 1, 1}))).build().isIpxe());
        assertTrue(BootRequest.builder(mac, server).vendorClass("HTTPClient:Arch:00016:UNDI:003000")
                .build().isHttpClient());
    }

    @Test
    public void withoutGuidDropsOnlyTheGuid() throws Exception {
        BootRequest request = BootRequest.builder(MacAddress.parse("52:54:00:12:34:56").orElseThrow(),
                InetAddress.getByName("127.0.0.1")).guid(UUID.randomUUID()).secs(4).build();
        BootRequest stripped = request.withoutGuid();
        assertFalse(stripped.guid().isPresent());
        assertEquals(request.mac(), stripped.mac());
        assertEquals(4, stripped.secs());
    }

    @Test
    public void aRequestOverIpv6HasItsDuidAndLosesItWithABannedGuid() throws Exception {
        MacAddress mac = MacAddress.parse("52:54:00:12:34:56").orElseThrow();
        byte[] duid = {0, 4, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        BootRequest v6 = BootRequest.builder(mac, InetAddress.getByName("fd00::2")).guid(UUID.randomUUID())
                .options(RawOptions.of(java.util.Map.of(1, duid, 97, new byte[] {1}))).build();
        assertTrue(v6.isIpv6());
        assertArrayEquals(duid, v6.duid().orElseThrow());
        BootRequest stripped = v6.withoutGuid();
        assertFalse(stripped.duid().isPresent());
        assertTrue("over IPv6, 97 is not the GUID", stripped.options().contains(97));

        BootRequest v4 = BootRequest.builder(mac, InetAddress.getByName("192.0.2.1"))
                .options(RawOptions.of(java.util.Map.of(1, new byte[] {(byte) 255, (byte) 255, (byte) 255, 0}))).build();
        assertFalse(v4.isIpv6());
        assertFalse("option 1 over IPv4 is the subnet mask", v4.duid().isPresent());
    }

    @Test
    public void secsMustFitSixteenBits() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> BootRequest.builder(
                MacAddress.parse("525400123456").orElseThrow(), InetAddress.getByName("127.0.0.1"))
                .secs(70000).build());
    }
}
