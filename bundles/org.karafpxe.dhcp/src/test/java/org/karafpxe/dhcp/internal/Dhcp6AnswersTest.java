package org.karafpxe.dhcp.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;
import org.karafpxe.api.Architecture;
import org.karafpxe.api.BootAnswer;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.api.ExchangePort;
import org.karafpxe.api.MacAddress;
import org.karafpxe.engine.ChainResult;
import org.karafpxe.engine.StepOutcome;
import org.karafpxe.engine.TraceStep;

/**
 * What the DHCPv6 side answers, on OVMF's captured SOLICITs (PXE and HTTP boot over IPv6; the
 * machine has the GUID 8b6b6f3e-1c9a-4e55-9d3a-0a1b2c3d4e5f), and on iPXE's.
 */
public class Dhcp6AnswersTest {
    private static final InetAddress SERVER = address("fd00:213::2");
    private static final byte[] DUID = Dhcp6Answers.serverDuid(UUID.randomUUID());
    private final Dhcp6Answers answers = new Dhcp6Answers(DUID, 8080);

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Dhcp6Message> captured() throws Exception {
        return Dhcp6Captures.messages("ovmf-dhcp6-fall-through.pcap");
    }

    private static Dhcp6Message pxeSolicit() throws Exception {
        return captured().get(0);
    }

    private static Dhcp6Message httpSolicit() throws Exception {
        return captured().get(2);
    }

    /** The firmware's REQUEST to port 4011: its SOLICIT's options under another type, as EDK2 sends it. */
    private static Dhcp6Message pxeRequest() throws Exception {
        Dhcp6Message solicit = pxeSolicit();
        return new Dhcp6Message(Dhcp6Message.REQUEST, 0x123456, solicit.options());
    }

    private static Dhcp6Message ipxeSolicit() {
        byte[] userClass = {0, 4, 'i', 'P', 'X', 'E'};
        byte[] arch = {0, 7};
        return new Dhcp6Message(Dhcp6Message.SOLICIT, 0x0a0b0c, List.of(
                new Dhcp6Message.Option(Dhcp6Message.CLIENT_ID, new byte[] {0, 3, 0, 1, 0x52, 0x54, 0, 0x12, 0x34, 0x57}),
                new Dhcp6Message.Option(Dhcp6Message.VENDOR_CLASS, Dhcp6Message.vendorClassValue(
                        Dhcp6Message.ENTERPRISE_INTEL, "PXEClient:Arch:00007:UNDI:003010")),
                new Dhcp6Message.Option(Dhcp6Message.CLIENT_ARCH_TYPE, arch),
                new Dhcp6Message.Option(Dhcp6Message.USER_CLASS, userClass)));
    }

    private static ChainResult served(BootAnswer answer) {
        return new ChainResult(Decision.service(answer, "test"),
                List.of(new TraceStep("policy", 200, StepOutcome.SERVICE, "test", 0)), 0);
    }

    private static ChainResult fallingThrough() {
        return new ChainResult(Decision.service(BootAnswer.of("http://[fd00:213::2]:8080/boot/fall-through/"), "falls"),
                List.of(new TraceStep(ChainResult.FALL_THROUGH, 0, StepOutcome.SERVICE, "falls", 0)), 0);
    }

    private static String text(Dhcp6Message m, int code) {
        return new String(m.option(code).orElseThrow(), StandardCharsets.US_ASCII);
    }

    private static Dhcp6Message sent(Dhcp6Answers.Outcome outcome) {
        assertTrue(String.valueOf(outcome), outcome instanceof Dhcp6Answers.Outcome.Send);
        return ((Dhcp6Answers.Outcome.Send) outcome).message();
    }

    /** What EDK2 drops or misreads: an address, a status code, option 59 last. */
    private static void assertProxyForm(Dhcp6Message m, Dhcp6Message asked) {
        assertEquals(asked.xid(), m.xid());
        assertArrayEquals(asked.clientId().orElseThrow(), m.clientId().orElseThrow());
        assertArrayEquals(DUID, m.option(Dhcp6Message.SERVER_ID).orElseThrow());
        assertFalse("no address is offered", m.option(Dhcp6Message.IA_NA).isPresent());
        assertFalse("no status code", m.option(13).isPresent());
        assertEquals(Dhcp6Message.VENDOR_CLASS, m.options().get(m.options().size() - 1).code());
    }

    @Test
    public void pxeFirmwareGetsAProxyAdvertiseThenItsBootFileOnPort4011() throws Exception {
        Dhcp6Message solicit = pxeSolicit();
        Dhcp6Message advertise = sent(answers.answer(solicit, Dhcp6Answers.Client.PXE, ExchangePort.PROXY_DHCP, SERVER,
                served(BootAnswer.of("snponly.efi"))));
        assertEquals(Dhcp6Message.ADVERTISE, advertise.type());
        assertProxyForm(advertise, solicit);
        assertEquals(Optional.of("PXEClient"), advertise.vendorClass());
        assertFalse("the firmware asks 4011 at ff02::1:2 for the boot file",
                advertise.option(Dhcp6Message.BOOTFILE_URL).isPresent());
        assertFalse("the site's ADVERTISE must still be heard", advertise.option(Dhcp6Message.PREFERENCE).isPresent());

        Dhcp6Message request = pxeRequest();
        assertTrue(answers.asks(request, Dhcp6Answers.Client.PXE, ExchangePort.PXE_BOOT_SERVER));
        Dhcp6Answers.Outcome outcome = answers.answer(request, Dhcp6Answers.Client.PXE, ExchangePort.PXE_BOOT_SERVER,
                SERVER, served(BootAnswer.of("/snponly.efi")));
        Dhcp6Message reply = sent(outcome);
        assertEquals(Dhcp6Message.REPLY, reply.type());
        assertEquals(DhcpCounters.V6_ACKS, ((Dhcp6Answers.Outcome.Send) outcome).counter());
        assertProxyForm(reply, request);
        assertEquals("tftp://[fd00:213::2]/snponly.efi", text(reply, Dhcp6Message.BOOTFILE_URL));
    }

    @Test
    public void pxeOverIpv6IsNotSentToAnHttpUrl() throws Exception {
        Dhcp6Answers.Outcome outcome = answers.answer(pxeRequest(), Dhcp6Answers.Client.PXE,
                ExchangePort.PXE_BOOT_SERVER, SERVER, served(BootAnswer.of("http://[fd00::9]/x.efi")));
        assertTrue(outcome instanceof Dhcp6Answers.Outcome.Ignore);
        assertTrue("not offered on 547 either: the firmware would ask 4011 for nothing", answers.answer(pxeSolicit(),
                Dhcp6Answers.Client.PXE, ExchangePort.PROXY_DHCP, SERVER, served(BootAnswer.of("http://[fd00::9]/x.efi")))
                instanceof Dhcp6Answers.Outcome.Ignore);
    }

    @Test
    public void httpBootGetsItsUrlBuiltFromAPathOrAsGiven() throws Exception {
        Dhcp6Message solicit = httpSolicit();
        Dhcp6Message advertise = sent(answers.answer(solicit, Dhcp6Answers.Client.HTTP, ExchangePort.PROXY_DHCP, SERVER,
                served(BootAnswer.of("snponly.efi"))));
        assertProxyForm(advertise, solicit);
        assertEquals(Optional.of("HTTPClient"), advertise.vendorClass());
        assertEquals("http://[fd00:213::2]:8080/boot/snponly.efi", text(advertise, Dhcp6Message.BOOTFILE_URL));
        assertFalse(advertise.option(Dhcp6Message.PREFERENCE).isPresent());

        Dhcp6Message given = sent(answers.answer(solicit, Dhcp6Answers.Client.HTTP, ExchangePort.PROXY_DHCP, SERVER,
                served(BootAnswer.of("http://[fd00::9]:80/x.efi"))));
        assertEquals("http://[fd00::9]:80/x.efi", text(given, Dhcp6Message.BOOTFILE_URL));
    }

    @Test
    public void aMachineToBootLocallyGetsAnAnswerThatEndsTheBootOption() throws Exception {
        Dhcp6Message http = sent(answers.answer(httpSolicit(), Dhcp6Answers.Client.HTTP, ExchangePort.PROXY_DHCP, SERVER,
                fallingThrough()));
        assertArrayEquals(new byte[] {(byte) 255}, http.option(Dhcp6Message.PREFERENCE).orElseThrow());
        assertEquals("http://[fd00:213::2]:8080/boot/fall-through/", text(http, Dhcp6Message.BOOTFILE_URL));

        Dhcp6Message pxe = sent(answers.answer(pxeSolicit(), Dhcp6Answers.Client.PXE, ExchangePort.PROXY_DHCP, SERVER,
                served(BootAnswer.abort())));
        assertArrayEquals(new byte[] {(byte) 255}, pxe.option(Dhcp6Message.PREFERENCE).orElseThrow());
        assertFalse("PXE asks 4011 at ff02::1:2, not at a URL's host",
                pxe.option(Dhcp6Message.BOOTFILE_URL).isPresent());

        Dhcp6Message reply = sent(answers.answer(pxeRequest(), Dhcp6Answers.Client.PXE, ExchangePort.PXE_BOOT_SERVER,
                SERVER, fallingThrough()));
        assertEquals(Dhcp6Message.REPLY, reply.type());
        assertEquals("a boot file that is not there", "tftp://[fd00:213::2]/fall-through/",
                text(reply, Dhcp6Message.BOOTFILE_URL));
        assertFalse(reply.option(Dhcp6Message.PREFERENCE).isPresent());
    }

    /** The client's REQUEST for the address this server advertised: its SOLICIT's options and this server's DUID. */
    private static Dhcp6Message addressRequest(Dhcp6Message solicit, byte[] serverDuid) {
        List<Dhcp6Message.Option> options = new java.util.ArrayList<>(solicit.options());
        options.add(new Dhcp6Message.Option(Dhcp6Message.SERVER_ID, serverDuid));
        return new Dhcp6Message(Dhcp6Message.REQUEST, 0x0c0ffe, options);
    }

    @Test
    public void aFallingMachineIsLeasedAnAddressOfTheServersPrefixThenGetsItsReply() throws Exception {
        Dhcp6Message solicit = pxeSolicit();
        byte[] asked = solicit.option(Dhcp6Message.IA_NA).orElseThrow();
        Dhcp6Message advertise = sent(answers.answer(solicit, Dhcp6Answers.Client.PXE, ExchangePort.PROXY_DHCP, SERVER,
                fallingThrough()));
        byte[] ia = advertise.option(Dhcp6Message.IA_NA).orElseThrow();
        assertEquals("IAID, T1, T2 and one IA address option", 40, ia.length);
        assertArrayEquals("the client's IAID", java.util.Arrays.copyOf(asked, 4), java.util.Arrays.copyOf(ia, 4));
        assertEquals("option 5, 24 bytes", 0x00050018, java.nio.ByteBuffer.wrap(ia, 12, 4).getInt());
        java.net.InetAddress leased = java.net.InetAddress.getByAddress(java.util.Arrays.copyOfRange(ia, 16, 32));
        assertArrayEquals("the server's /64", java.util.Arrays.copyOf(SERVER.getAddress(), 8),
                java.util.Arrays.copyOf(leased.getAddress(), 8));
        assertFalse(leased.equals(SERVER));
        assertEquals(Dhcp6Answers.FALLING_LEASE_SECONDS, java.nio.ByteBuffer.wrap(ia, 32, 4).getInt());
        assertEquals(Dhcp6Answers.FALLING_LEASE_SECONDS, java.nio.ByteBuffer.wrap(ia, 36, 4).getInt());
        assertArrayEquals(new byte[] {(byte) 255}, advertise.option(Dhcp6Message.PREFERENCE).orElseThrow());

        Dhcp6Message request = addressRequest(solicit, DUID);
        assertTrue(answers.asks(request, Dhcp6Answers.Client.PXE, ExchangePort.PROXY_DHCP));
        Dhcp6Message reply = sent(answers.answer(request, Dhcp6Answers.Client.PXE, ExchangePort.PROXY_DHCP, SERVER,
                fallingThrough()));
        assertEquals(Dhcp6Message.REPLY, reply.type());
        assertEquals(0x0c0ffe, reply.xid());
        assertArrayEquals("the same address at each try", ia, reply.option(Dhcp6Message.IA_NA).orElseThrow());
        assertFalse(reply.option(Dhcp6Message.PREFERENCE).isPresent());

        // The firmware gives the address back when the boot option ends, and waits for the answer.
        List<Dhcp6Message.Option> releasing = new java.util.ArrayList<>(request.options());
        Dhcp6Message release = new Dhcp6Message(Dhcp6Message.RELEASE, 0x0d0d0d, releasing);
        Dhcp6Message released = answers.releaseReply(release).orElseThrow();
        assertEquals(Dhcp6Message.REPLY, released.type());
        assertEquals(0x0d0d0d, released.xid());
        assertArrayEquals(solicit.clientId().orElseThrow(), released.clientId().orElseThrow());
        assertArrayEquals(DUID, released.option(Dhcp6Message.SERVER_ID).orElseThrow());
        assertEquals("status Success", 0, java.nio.ByteBuffer.wrap(released.option(Dhcp6Message.STATUS_CODE)
                .orElseThrow()).getShort());
        assertTrue(answers.releaseReply(new Dhcp6Message(Dhcp6Message.DECLINE, 1, releasing)).isPresent());
        assertFalse("another server's lease is theirs", answers.releaseReply(new Dhcp6Message(Dhcp6Message.RELEASE, 1,
                addressRequest(solicit, Dhcp6Answers.serverDuid(UUID.randomUUID())).options())).isPresent());
        assertFalse("a SOLICIT is no release", answers.releaseReply(solicit).isPresent());

        Dhcp6Message http = sent(answers.answer(httpSolicit(), Dhcp6Answers.Client.HTTP, ExchangePort.PROXY_DHCP, SERVER,
                fallingThrough()));
        assertTrue("HTTP boot gets one too", http.option(Dhcp6Message.IA_NA).isPresent());
        assertEquals("http://[fd00:213::2]:8080/boot/fall-through/", text(http, Dhcp6Message.BOOTFILE_URL));
    }

    @Test
    public void noAddressIsLeasedButToFallingMachinesThroughAGlobalAddressWhenAllowed() throws Exception {
        Dhcp6Message solicit = pxeSolicit();
        assertFalse("a machine with a boot file gets no address", sent(answers.answer(solicit, Dhcp6Answers.Client.PXE,
                ExchangePort.PROXY_DHCP, SERVER, served(BootAnswer.of("snponly.efi")))).option(Dhcp6Message.IA_NA)
                .isPresent());
        assertFalse("no prefix to lease from", sent(answers.answer(solicit, Dhcp6Answers.Client.PXE,
                ExchangePort.PROXY_DHCP, address("fe80::2"), fallingThrough())).option(Dhcp6Message.IA_NA).isPresent());
        Dhcp6Answers off = new Dhcp6Answers(DUID, 8080, false);
        assertFalse("v6.fallthrough.address = false", sent(off.answer(solicit, Dhcp6Answers.Client.PXE,
                ExchangePort.PROXY_DHCP, SERVER, fallingThrough())).option(Dhcp6Message.IA_NA).isPresent());
        assertFalse("nor are REQUESTs answered then",
                off.asks(addressRequest(solicit, DUID), Dhcp6Answers.Client.PXE, ExchangePort.PROXY_DHCP));

        assertFalse("a REQUEST to the site's server is theirs", answers.asks(addressRequest(solicit,
                Dhcp6Answers.serverDuid(UUID.randomUUID())), Dhcp6Answers.Client.PXE, ExchangePort.PROXY_DHCP));
        Dhcp6Answers.Outcome notFalling = answers.answer(addressRequest(solicit, DUID), Dhcp6Answers.Client.PXE,
                ExchangePort.PROXY_DHCP, SERVER, served(BootAnswer.of("snponly.efi")));
        assertTrue(String.valueOf(notFalling), notFalling instanceof Dhcp6Answers.Outcome.Ignore);
    }

    @Test
    public void ipxeIsNotAnsweredButHandedItsScriptThroughTheFile() {
        Dhcp6Message solicit = ipxeSolicit();
        assertEquals(Optional.of(Dhcp6Answers.Client.IPXE), Dhcp6Answers.Client.of(solicit));
        assertTrue(answers.asks(solicit, Dhcp6Answers.Client.IPXE, ExchangePort.PROXY_DHCP));
        Dhcp6Answers.Outcome outcome = answers.answer(solicit, Dhcp6Answers.Client.IPXE, ExchangePort.PROXY_DHCP, SERVER,
                served(BootAnswer.of("ipxe/s/abc.ipxe")));
        assertEquals(new Dhcp6Answers.Outcome.Handoff("#!ipxe\nchain http://[fd00:213::2]:8080/boot/ipxe/s/abc.ipxe\n"),
                outcome);
        assertEquals(new Dhcp6Answers.Outcome.Handoff("#!ipxe\nexit 1\n"), answers.answer(solicit,
                Dhcp6Answers.Client.IPXE, ExchangePort.PROXY_DHCP, SERVER, fallingThrough()));
        assertEquals(new Dhcp6Answers.Outcome.Handoff("#!ipxe\nexit 1\n"), answers.answer(solicit,
                Dhcp6Answers.Client.IPXE, ExchangePort.PROXY_DHCP, SERVER, served(BootAnswer.abort())));
    }

    @Test
    public void ignoredAndReferredMachinesAreNotAnswered() throws Exception {
        ChainResult ignored = new ChainResult(Decision.ignore("unknown"), List.of(), 0);
        assertTrue(answers.answer(pxeSolicit(), Dhcp6Answers.Client.PXE, ExchangePort.PROXY_DHCP, SERVER, ignored)
                instanceof Dhcp6Answers.Outcome.Ignore);
        ChainResult referred = served(BootAnswer.referral("boot/x.efi", address("192.0.2.9")));
        Dhcp6Answers.Outcome outcome = answers.answer(pxeSolicit(), Dhcp6Answers.Client.PXE, ExchangePort.PROXY_DHCP,
                SERVER, referred);
        assertTrue(outcome instanceof Dhcp6Answers.Outcome.Ignore);
        assertTrue(((Dhcp6Answers.Outcome.Ignore) outcome).why(), ((Dhcp6Answers.Outcome.Ignore) outcome).why()
                .contains("IPv4 only"));
    }

    @Test
    public void whichMessagesAreDecided() throws Exception {
        Dhcp6Message solicit = pxeSolicit();
        assertTrue(answers.asks(solicit, Dhcp6Answers.Client.PXE, ExchangePort.PROXY_DHCP));
        assertFalse("the firmware's REQUEST to the site's server is theirs",
                answers.asks(pxeRequest(), Dhcp6Answers.Client.PXE, ExchangePort.PROXY_DHCP));
        assertFalse(answers.asks(solicit, Dhcp6Answers.Client.PXE, ExchangePort.PXE_BOOT_SERVER));
        assertFalse(answers.asks(pxeRequest(), Dhcp6Answers.Client.HTTP, ExchangePort.PXE_BOOT_SERVER));
        Dhcp6Message info = new Dhcp6Message(Dhcp6Message.INFORMATION_REQUEST, 1, ipxeSolicit().options());
        assertTrue(answers.asks(info, Dhcp6Answers.Client.IPXE, ExchangePort.PROXY_DHCP));
        assertFalse(answers.asks(info, Dhcp6Answers.Client.PXE, ExchangePort.PROXY_DHCP));
    }

    @Test
    public void theRequestCarriesTheMachinesGuidArchitectureAndKind() throws Exception {
        MacAddress mac = MacAddress.parse("52:54:00:12:34:57").orElseThrow();
        BootRequest pxe = Dhcp6Answers.request(pxeSolicit(), Dhcp6Answers.Client.PXE, mac, SERVER,
                ExchangePort.PROXY_DHCP);
        // The GUID QEMU was given (-uuid), as over IPv4's option 97.
        assertEquals(Optional.of(UUID.fromString("8b6b6f3e-1c9a-4e55-9d3a-0a1b2c3d4e5f")), pxe.guid());
        assertEquals(Architecture.of(7), pxe.architecture());
        assertFalse(pxe.isIpxe());
        assertEquals(SERVER, pxe.serverAddress());
        assertTrue(pxe.isIpv6());
        assertArrayEquals("providers see the DUID and the DHCPv6 options", pxeSolicit().clientId().orElseThrow(),
                pxe.duid().orElseThrow());
        assertArrayEquals(new byte[] {0, 7}, pxe.options().get(Dhcp6Message.CLIENT_ARCH_TYPE).orElseThrow());
        BootRequest http = Dhcp6Answers.request(httpSolicit(), Dhcp6Answers.Client.HTTP, mac, SERVER,
                ExchangePort.PROXY_DHCP);
        assertTrue(http.isHttpClient());
        BootRequest ipxe = Dhcp6Answers.request(ipxeSolicit(), Dhcp6Answers.Client.IPXE, mac, SERVER,
                ExchangePort.PROXY_DHCP);
        assertTrue(ipxe.isIpxe());
        assertEquals(Optional.empty(), ipxe.guid());
        // iPXE's DUID-UUID, as it sent it for the same machine: the UUID in network order.
        Dhcp6Message ipxeUuid = new Dhcp6Message(Dhcp6Message.SOLICIT, 1, List.of(new Dhcp6Message.Option(
                Dhcp6Message.CLIENT_ID, java.util.HexFormat.of().parseHex("00048b6b6f3e1c9a4e559d3a0a1b2c3d4e5f")),
                new Dhcp6Message.Option(Dhcp6Message.USER_CLASS, new byte[] {0, 4, 'i', 'P', 'X', 'E'})));
        assertEquals(pxe.guid(), Dhcp6Answers.request(ipxeUuid, Dhcp6Answers.Client.IPXE, mac, SERVER,
                ExchangePort.PROXY_DHCP).guid());
    }

    @Test
    public void placeholderGuidsInADuidAreNoIdentity() {
        byte[] zeros = new byte[18];
        zeros[1] = 4;
        assertEquals(Optional.of(new UUID(0, 0)), Dhcp6Answers.duidUuid(zeros, true));
        Dhcp6Message m = new Dhcp6Message(Dhcp6Message.SOLICIT, 1, List.of(
                new Dhcp6Message.Option(Dhcp6Message.CLIENT_ID, zeros)));
        assertEquals(Optional.empty(), Dhcp6Answers.request(m, Dhcp6Answers.Client.PXE,
                MacAddress.parse("52:54:00:12:34:57").orElseThrow(), SERVER, ExchangePort.PROXY_DHCP).guid());
        assertEquals(Optional.empty(), Dhcp6Answers.duidUuid(Arrays.copyOf(zeros, 17), true));
    }

    @Test
    public void userClassesAreReadWhenWellFormedOnly() {
        assertEquals(List.of("iPXE", "x"), withUserClass(new byte[] {0, 4, 'i', 'P', 'X', 'E', 0, 1, 'x'}).userClasses());
        assertEquals(List.of(), withUserClass(new byte[] {0, 5, 'i', 'P', 'X', 'E'}).userClasses());
        assertEquals(List.of(), withUserClass(new byte[] {0}).userClasses());
        assertEquals(List.of(), withUserClass(new byte[] {0, 1, 7}).userClasses());
        byte[] many = new byte[3 * 100];
        for (int i = 0; i < 100; i++) {
            many[3 * i + 1] = 1;
            many[3 * i + 2] = 'a';
        }
        assertEquals(Dhcp6Message.MAX_USER_CLASSES, withUserClass(many).userClasses().size());
    }

    private static Dhcp6Message withUserClass(byte[] value) {
        return new Dhcp6Message(Dhcp6Message.SOLICIT, 1, List.of(new Dhcp6Message.Option(Dhcp6Message.USER_CLASS, value)));
    }

    @Test
    public void theHandOverFileIsServedToIpv6ClientsForItsMacOnlyAndForALimitedTime() throws Exception {
        AtomicLong now = new AtomicLong();
        Ipxe6Handoffs handoffs = new Ipxe6Handoffs(now::get);
        MacAddress mac = MacAddress.parse("52:54:00:12:34:57").orElseThrow();
        handoffs.put(mac, "#!ipxe\nexit 1\n");
        InetSocketAddress v6 = new InetSocketAddress(address("fd00:213::100"), 1000);
        InetSocketAddress v4 = new InetSocketAddress(address("192.0.2.100"), 1000);
        assertEquals("#!ipxe\nexit 1\n", read(handoffs, "ipxe/v6/52-54-00-12-34-57.ipxe", v6));
        assertEquals("#!ipxe\nexit 1\n", read(handoffs, "ipxe/v6/52:54:00:12:34:57.ipxe", v6));
        assertTrue(handoffs.open("ipxe/v6/52-54-00-12-34-57.ipxe", v4).isEmpty());
        assertTrue(handoffs.open("ipxe/v6/52-54-00-12-34-58.ipxe", v6).isEmpty());
        assertTrue(handoffs.open("ipxe/v6/525400123457.ipxe", v6).isEmpty());
        assertTrue(handoffs.open("ipxe/v6/../52-54-00-12-34-57.ipxe", v6).isEmpty());
        assertTrue(handoffs.open("ipxe/v6/52-54-00-12-34-57.ipxe", null).isEmpty());
        now.addAndGet(java.util.concurrent.TimeUnit.SECONDS.toNanos(Ipxe6Handoffs.TTL_SECONDS + 1));
        assertTrue("expired", handoffs.open("ipxe/v6/52-54-00-12-34-57.ipxe", v6).isEmpty());
    }

    @Test
    public void madeUpMacsCannotGrowTheHandOverTable() {
        AtomicLong now = new AtomicLong();
        Ipxe6Handoffs handoffs = new Ipxe6Handoffs(now::get);
        for (int i = 0; i < 3 * Ipxe6Handoffs.CAPACITY; i++) {
            handoffs.put(MacAddress.of(new byte[] {2, 0, 0, (byte) (i >> 16), (byte) (i >> 8), (byte) i}), "#!ipxe\n");
            now.incrementAndGet();
        }
        assertEquals(Ipxe6Handoffs.CAPACITY, handoffs.size());
        MacAddress last = MacAddress.of(new byte[] {2, 0, 0, 0, 0x2f, (byte) 0xff});
        assertTrue(handoffs.open("ipxe/v6/" + last.toString().replace(':', '-') + ".ipxe",
                new InetSocketAddress(address("fd00::1"), 1)).isPresent());
    }

    private static String read(Ipxe6Handoffs handoffs, String path, InetSocketAddress client) throws Exception {
        try (var file = handoffs.open(path, client).orElseThrow()) {
            ByteBuffer b = ByteBuffer.allocate((int) file.size());
            file.read(b, 0);
            return new String(b.array(), StandardCharsets.UTF_8);
        }
    }
}
