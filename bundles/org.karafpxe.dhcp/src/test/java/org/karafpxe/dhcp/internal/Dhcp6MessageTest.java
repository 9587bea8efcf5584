package org.karafpxe.dhcp.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.Test;
import org.karafpxe.api.MacAddress;

/**
 * The DHCPv6 codec against messages captured from OVMF (its PXE and HTTP boot over IPv6, each
 * SOLICIT answered by this server as falling through), and against malformed input.
 */
public class Dhcp6MessageTest {

    private static List<byte[]> payloads(String resource) throws Exception {
        return Dhcp6Captures.payloads(resource);
    }

    @Test
    public void ovmfSolicitsAndOurAdvertisesDecodeAndEncodeToTheSameBytes() throws Exception {
        List<byte[]> messages = payloads("ovmf-dhcp6-fall-through.pcap");
        assertEquals(4, messages.size());
        for (byte[] m : messages) {
            Dhcp6Message decoded = Dhcp6Message.decode(m, 0, m.length).orElseThrow();
            assertArrayEquals(m, decoded.encode());
        }
        Dhcp6Message pxe = Dhcp6Message.decode(messages.get(0), 0, messages.get(0).length).orElseThrow();
        assertEquals(Dhcp6Message.SOLICIT, pxe.type());
        assertTrue(pxe.vendorClass().orElseThrow(), pxe.vendorClass().orElseThrow().startsWith("PXEClient:Arch:00007"));
        assertEquals(Optional.of(7), pxe.architecture());
        byte[] duid = pxe.clientId().orElseThrow();
        assertEquals("OVMF's DUID is a DUID-UUID", 4, (duid[0] & 0xff) << 8 | (duid[1] & 0xff));

        Dhcp6Message http = Dhcp6Message.decode(messages.get(2), 0, messages.get(2).length).orElseThrow();
        assertTrue(http.vendorClass().orElseThrow().startsWith("HTTPClient:Arch:00016"));
        assertEquals(Optional.of(16), http.architecture());

        Dhcp6Message advertise = Dhcp6Message.decode(messages.get(3), 0, messages.get(3).length).orElseThrow();
        assertEquals(Dhcp6Message.ADVERTISE, advertise.type());
        assertEquals(http.xid(), advertise.xid());
        assertArrayEquals(http.clientId().orElseThrow(), advertise.clientId().orElseThrow());
        assertArrayEquals(new byte[] {(byte) 255}, advertise.option(Dhcp6Message.PREFERENCE).orElseThrow());
        assertEquals(Optional.of("HTTPClient"), advertise.vendorClass());
        String url = new String(advertise.option(Dhcp6Message.BOOTFILE_URL).orElseThrow(), StandardCharsets.US_ASCII);
        assertTrue(url, url.matches("http://\\[fe80:[0-9a-f:]+\\]:8080/boot/fall-through/"));
        assertFalse("no address is offered", advertise.option(Dhcp6Message.IA_NA).isPresent());
    }

    @Test
    public void malformedMessagesAreEmptyNeverAnException() {
        byte[] ok = {1, 0, 0, 1, 0, 1, 0, 2, 0, 4};
        assertTrue(Dhcp6Message.decode(ok, 0, ok.length).isPresent());
        assertFalse("truncated option value", Dhcp6Message.decode(ok, 0, ok.length - 1).isPresent());
        assertFalse("truncated option header", Dhcp6Message.decode(new byte[] {1, 0, 0, 1, 0, 1}, 0, 6).isPresent());
        assertFalse("too short", Dhcp6Message.decode(new byte[] {1, 0, 0}, 0, 3).isPresent());
        assertFalse("relay messages are not read", Dhcp6Message.decode(new byte[] {12, 0, 0, 1}, 0, 4).isPresent());
        assertFalse("type 0", Dhcp6Message.decode(new byte[] {0, 0, 0, 1}, 0, 4).isPresent());
        assertFalse("longer than a frame", Dhcp6Message.decode(new byte[1501], 0, 1501).isPresent());
        byte[] many = new byte[4 + 65 * 4];
        many[0] = 1;
        assertFalse("more than 64 options", Dhcp6Message.decode(many, 0, many.length).isPresent());
        assertFalse("outside the array", Dhcp6Message.decode(ok, 5, ok.length).isPresent());
        Random random = new Random(6);
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[random.nextInt(200)];
            random.nextBytes(junk);
            if (junk.length > 0) {
                junk[0] = (byte) (1 + random.nextInt(11));
            }
            Dhcp6Message.decode(junk, 0, junk.length).ifPresent(m -> {
                m.vendorClass();
                m.architecture();
                m.clientId();
                assertArrayEquals(junk, m.encode());
            });
        }
    }

    @Test
    public void aVendorClassIsReadOnlyWhenWellFormedAndPrintable() {
        byte[] good = Dhcp6Message.vendorClassValue(343, "HTTPClient:Arch:00016:UNDI:003000");
        assertEquals(Optional.of("HTTPClient:Arch:00016:UNDI:003000"), withOption(16, good).vendorClass());
        byte[] overlong = good.clone();
        overlong[5] = (byte) (overlong[5] + 1);
        assertEquals(Optional.empty(), withOption(16, overlong).vendorClass());
        byte[] control = Dhcp6Message.vendorClassValue(343, "PXE\nClient");
        assertEquals(Optional.empty(), withOption(16, control).vendorClass());
        assertEquals(Optional.empty(), withOption(1, new byte[131]).clientId());
    }

    private static Dhcp6Message withOption(int code, byte[] value) {
        return new Dhcp6Message(Dhcp6Message.SOLICIT, 1, List.of(new Dhcp6Message.Option(code, value)));
    }

    @Test
    public void theMachineIsKnownByItsLinkLocalAddressOrItsDuid() throws Exception {
        byte[] uuidDuid = Dhcp6Answers.serverDuid(UUID.randomUUID());
        Inet6Address eui64 = (Inet6Address) InetAddress.getByName("fe80::5054:ff:fe12:3457");
        assertEquals(MacAddress.parse("52:54:00:12:34:57"), Dhcp6Answers.mac(eui64, uuidDuid));
        Inet6Address privacy = (Inet6Address) InetAddress.getByName("fe80::1c2d:3e4f:5a6b:7c8d");
        assertEquals(Optional.empty(), Dhcp6Answers.mac(privacy, uuidDuid));
        byte[] ll = {0, 3, 0, 1, 0x52, 0x54, 0, 0x12, 0x34, 0x58};
        assertEquals(MacAddress.parse("52:54:00:12:34:58"), Dhcp6Answers.mac(privacy, ll));
        byte[] llt = {0, 1, 0, 1, 1, 2, 3, 4, 0x52, 0x54, 0, 0x12, 0x34, 0x59};
        assertEquals(MacAddress.parse("52:54:00:12:34:59"), Dhcp6Answers.mac(privacy, llt));
        byte[] shortLl = {0, 3, 0, 1, 0x52, 0x54};
        assertEquals(Optional.empty(), Dhcp6Answers.mac(privacy, shortLl));
    }
}
