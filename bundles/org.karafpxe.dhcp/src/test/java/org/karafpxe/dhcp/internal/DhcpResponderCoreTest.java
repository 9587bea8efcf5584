package org.karafpxe.dhcp.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.karafpxe.api.Architecture;
import org.karafpxe.api.BootAnswer;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.api.ExchangePort;
import org.karafpxe.dhcp.DecodeResult;
import org.karafpxe.dhcp.DhcpCodec;
import org.karafpxe.dhcp.DhcpMessageType;
import org.karafpxe.dhcp.DhcpOptions;
import org.karafpxe.dhcp.DhcpPacket;
import org.karafpxe.dhcp.IpxeOptions;
import org.karafpxe.dhcp.PxeVendorOptions;
import org.karafpxe.dhcp.service.DhcpStatistics;
import org.karafpxe.engine.BootChain;
import org.karafpxe.engine.ChainResult;
import org.karafpxe.engine.ProviderStatus;
import org.karafpxe.engine.RequestRecord;

/**
 * Drives the responder over real UDP sockets on loopback with scripted PXE clients. Replies that
 * would be broadcast to 255.255.255.255:68 are sent to 127.0.0.1 and the client socket's port.
 */
public class DhcpResponderCoreTest {
    private static final byte[] DUID = Dhcp6Answers.serverDuid(java.util.UUID.randomUUID());

    private static final Inet4Address LOOPBACK = Addresses.LOOPBACK;
    private static final UUID GUID = UUID.fromString("8b6b6f3e-1c9a-4e55-9d3a-0a1b2c3d4e5f");
    private static final byte[] MAC = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

    private final List<BootRequest> seen = new CopyOnWriteArrayList<>();
    private volatile Function<BootRequest, Decision> decide = r -> Decision.service(
            BootAnswer.of(r.architecture() == Architecture.X86_BIOS ? "undionly.kpxe" : "snponly.efi"), "test");
    private final DhcpCounters counters = new DhcpCounters();
    private DatagramSocket client;
    private DatagramSocket relay;
    private DhcpResponderCore core;
    private int proxyPort;
    private int pxePort;

    private final BootChain chain = new BootChain() {
        @Override
        public CompletionStage<ChainResult> decide(BootRequest request) {
            seen.add(request);
            return CompletableFuture.completedFuture(new ChainResult(decide.apply(request), List.of(), 0));
        }

        @Override
        public List<ProviderStatus> providers() {
            return List.of();
        }

        @Override
        public List<RequestRecord> recent(int limit) {
            return List.of();
        }
    };

    @Before
    public void start() throws Exception {
        client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        relay = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        client.setSoTimeout(3000);
        relay.setSoTimeout(3000);
        core = new DhcpResponderCore(settings(Map.of()), chain, counters, DUID, new Ipxe6Handoffs(System::nanoTime));
        core.start();
        proxyPort = core.boundPort(ExchangePort.PROXY_DHCP);
        pxePort = core.boundPort(ExchangePort.PXE_BOOT_SERVER);
        assertTrue(proxyPort > 0 && pxePort > 0);
    }

    private DhcpSettings settings(Map<String, String> overrides) {
        Map<String, String> p = new HashMap<>(Map.of("proxy.address", "127.0.0.1", "proxy.port", "0",
                "pxe.address", "127.0.0.1", "pxe.port", "0", "client.port", String.valueOf(client.getLocalPort()),
                "relay.port", String.valueOf(relay.getLocalPort()), "broadcast.address", "127.0.0.1"));
        // DHCPv6 listens on [::] of every interface: not on the host running the tests.
        p.put("v6.enabled", "false");
        p.putAll(overrides);
        DhcpSettings s = DhcpSettings.from(p);
        assertEquals(List.of(), s.problems());
        return s;
    }

    @After
    public void stop() {
        core.stop();
        client.close();
        relay.close();
    }

    private static DhcpPacket.Builder request(DhcpMessageType type, String vendorClass, int arch, boolean withGuid) {
        DhcpOptions.Builder o = DhcpOptions.builder().messageType(type).vendorClass(vendorClass)
                .clientArchitectures(arch).maxMessageSize(1472);
        if (withGuid) {
            o.clientGuid(GUID);
        }
        return DhcpPacket.builder().op(DhcpPacket.BOOTREQUEST).xid(0x1234abcd).secs(4).broadcast(true)
                .macAddress(MAC).options(o.build());
    }

    private static DhcpPacket.Builder discover(int arch) {
        return request(DhcpMessageType.DISCOVER, String.format("PXEClient:Arch:%05d:UNDI:003000", arch), arch, true);
    }

    private void send(DatagramSocket from, DhcpPacket packet, int port) throws IOException {
        byte[] bytes = DhcpCodec.encode(packet);
        from.send(new DatagramPacket(bytes, bytes.length, LOOPBACK, port));
    }

    private static DhcpPacket receive(DatagramSocket on) throws IOException {
        byte[] buf = new byte[1500];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        on.receive(p);
        DecodeResult r = DhcpCodec.decode(buf, 0, p.getLength());
        assertTrue(r.toString(), r instanceof DecodeResult.Decoded);
        return ((DecodeResult.Decoded) r).packet();
    }

    private DhcpPacket awaitOffer(int xid) throws IOException {
        for (int attempt = 0; attempt < 8; attempt++) {
            send(client, discover(0).xid(xid).build(), proxyPort);
            long until = System.nanoTime() + 2_000_000_000L;
            try {
                while (System.nanoTime() < until) {
                    DhcpPacket p = receive(client);
                    if (p.xid() == xid) {
                        return p;
                    }
                }
            } catch (java.net.SocketTimeoutException retransmit) {
                // no answer within this attempt: send again
            }
        }
        throw new AssertionError("no OFFER for xid " + Integer.toHexString(xid) + " after 8 DISCOVERs; counters "
                + counters.snapshot());
    }

    private static void assertNothingArrives(DatagramSocket on) throws IOException {
        on.setSoTimeout(400);
        try {
            DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
            on.receive(p);
            throw new AssertionError("expected silence, got " + p.getLength() + " bytes");
        } catch (SocketTimeoutException expected) {
            // silence
        }
    }

    private static String text(DhcpPacket p, int option) {
        return p.options().text(option).orElse(null);
    }

    @Test
    public void biosDiscoverGetsAProxyOfferThatBootsDirectly() throws Exception {
        send(client, discover(0).build(), proxyPort);
        DhcpPacket offer = receive(client);
        assertEquals(DhcpPacket.BOOTREPLY, offer.op());
        assertEquals(DhcpMessageType.OFFER, offer.messageType().orElseThrow());
        assertEquals(0x1234abcd, offer.xid());
        assertArrayEquals(MAC, offer.hardwareAddress());
        assertTrue(offer.yiaddr().isAnyLocalAddress());
        assertEquals(LOOPBACK, offer.siaddr());
        assertEquals(LOOPBACK, offer.options().serverIdentifier().orElseThrow());
        assertEquals("PXEClient", offer.options().vendorClass().orElseThrow());
        assertEquals(GUID, offer.options().clientGuid().orElseThrow());
        assertEquals("undionly.kpxe", offer.file());
        assertEquals("undionly.kpxe", offer.options().bootFileName().orElseThrow());
        assertEquals("127.0.0.1", offer.options().tftpServerName().orElseThrow());
        assertEquals("127.0.0.1", offer.sname());
        PxeVendorOptions pxe = offer.options().pxeVendorOptions().orElseThrow();
        assertTrue(pxe.hasDiscoveryFlag(PxeVendorOptions.USE_BOOT_FILE));
        assertFalse(offer.options().contains(175));

        BootRequest r = seen.get(0);
        assertEquals(Architecture.X86_BIOS, r.architecture());
        assertEquals(GUID, r.guid().orElseThrow());
        assertEquals("52:54:00:12:34:56", r.mac().toString());
        assertEquals(ExchangePort.PROXY_DHCP, r.port());
        assertEquals(4, r.secs());
        assertFalse(r.relayAddress().isPresent());
        assertEquals(1, counters.snapshot().get(DhcpCounters.OFFERS).longValue());
    }

    @Test
    public void uefiGetsTheBinlOfferThenItsBootFileOnPort4011() throws Exception {
        send(client, discover(7).build(), proxyPort);
        DhcpPacket offer = receive(client);
        assertEquals(DhcpMessageType.OFFER, offer.messageType().orElseThrow());
        assertFalse("UEFI firmware gets the BINL form, without option 43", offer.options().contains(43));
        assertEquals(LOOPBACK, offer.siaddr());

        // OVMF then asks port 4011 from its new address, unicast, with a new xid.
        DhcpPacket request = request(DhcpMessageType.REQUEST, "PXEClient:Arch:00007:UNDI:003000", 7, true)
                .xid(0x0d5988b4).broadcast(false).ciaddr(LOOPBACK).build();
        send(client, request, pxePort);
        DhcpPacket ack = receive(client);
        assertEquals(DhcpMessageType.ACK, ack.messageType().orElseThrow());
        assertEquals(0x0d5988b4, ack.xid());
        assertEquals("snponly.efi", ack.file());
        assertEquals("snponly.efi", ack.options().bootFileName().orElseThrow());
        assertEquals(LOOPBACK, ack.ciaddr());
        assertEquals(LOOPBACK, ack.siaddr());
        assertEquals("PXEClient", ack.options().vendorClass().orElseThrow());
        assertEquals(ExchangePort.PXE_BOOT_SERVER, seen.get(1).port());
        assertEquals(Architecture.X64_UEFI, seen.get(1).architecture());
        assertEquals(1, counters.snapshot().get(DhcpCounters.ACKS).longValue());
    }

    /** A DISCOVER naming no architecture: no option 93 and no Arch field in option 60. */
    private static DhcpPacket noArchitecture() {
        DhcpOptions o = DhcpOptions.builder().messageType(DhcpMessageType.DISCOVER).vendorClass("PXEClient")
                .maxMessageSize(1472).build();
        return DhcpPacket.builder().op(DhcpPacket.BOOTREQUEST).xid(0x1234abce).broadcast(true).macAddress(MAC)
                .options(o).build();
    }

    @Test
    public void aClientNamingNoArchitectureIsX86BiosAsWdsTakesIt() throws Exception {
        send(client, noArchitecture(), proxyPort);
        assertEquals("undionly.kpxe", receive(client).file());
        assertEquals(Architecture.X86_BIOS, seen.get(0).architecture());
    }

    @Test
    public void theArchitectureOfAClientNamingNoneIsConfigurable() throws Exception {
        core.stop();
        core = new DhcpResponderCore(settings(Map.of("architecture.missing", "unknown")), chain, counters, DUID, new Ipxe6Handoffs(System::nanoTime));
        core.start();
        send(client, noArchitecture(), core.boundPort(ExchangePort.PROXY_DHCP));
        long end = System.nanoTime() + 5_000_000_000L;
        while (seen.isEmpty() && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        assertEquals(Architecture.UNKNOWN, seen.get(0).architecture());
        DhcpSettings bad = DhcpSettings.from(Map.of("architecture.missing", "pdp11"));
        assertEquals(Architecture.X86_BIOS, bad.missingArchitecture());
        assertTrue(bad.problems().toString(), bad.problems().get(0).startsWith(
                "architecture.missing = 'pdp11' is not an architecture: use one of x86-bios, "));
    }

    @Test
    public void architecture9IsX64Uefi() throws Exception {
        send(client, discover(9).build(), proxyPort);
        assertEquals("snponly.efi", receive(client).file());
        assertEquals(Architecture.X64_UEFI, seen.get(0).architecture());
    }

    @Test
    public void bootItemRequestedOn4011IsEchoed() throws Exception {
        DhcpOptions o = request(DhcpMessageType.REQUEST, "PXEClient", 0, true).build().options().toBuilder()
                .pxeVendorOptions(PxeVendorOptions.builder().bootItem(0x8003, 0).build()).build();
        send(client, request(DhcpMessageType.REQUEST, "PXEClient", 0, true).xid(0).options(o).build(), pxePort);
        DhcpPacket ack = receive(client);
        PxeVendorOptions.BootItem item = ack.options().pxeVendorOptions().orElseThrow().bootItem().orElseThrow();
        assertEquals(0x8003, item.type());
        assertEquals(0, item.layer());
    }

    @Test
    public void ipxeGetsNoPxeDhcpSoItDoesNotWaitForMoreOffers() throws Exception {
        DhcpOptions o = discover(0).build().options().toBuilder().rawUserClass("iPXE")
                .ipxeOptions(new IpxeOptions(org.karafpxe.dhcp.EncapsulatedOptions.builder().put(16, 2).build()))
                .build();
        send(client, discover(0).options(o).build(), proxyPort);
        DhcpPacket offer = receive(client);
        assertTrue(offer.options().ipxeOptions().orElseThrow().isNoPxeDhcp());
        assertTrue(seen.get(0).isIpxe());
    }

    @Test
    public void httpBootClientGetsItsUrlAndHttpClientEchoed() throws Exception {
        decide = r -> Decision.service(BootAnswer.of("http://127.0.0.1:8080/boot/snponly.efi"), "http");
        send(client, request(DhcpMessageType.DISCOVER, "HTTPClient:Arch:00016:UNDI:003000", 16, true).build(),
                proxyPort);
        DhcpPacket offer = receive(client);
        assertEquals("HTTPClient", offer.options().vendorClass().orElseThrow());
        assertEquals("http://127.0.0.1:8080/boot/snponly.efi", offer.options().bootFileName().orElseThrow());
        assertFalse(offer.options().contains(43));
        assertEquals(Architecture.X64_UEFI_HTTP, seen.get(0).architecture());
        assertTrue(seen.get(0).isHttpClient());
    }

    @Test
    public void httpBootClientGivenAPathGetsItsUrlOnThisServersHttpPort() throws Exception {
        // The default answer of these tests is the path snponly.efi.
        send(client, request(DhcpMessageType.DISCOVER, "HTTPClient:Arch:00016:UNDI:003000", 16, true).build(),
                proxyPort);
        DhcpPacket offer = receive(client);
        assertEquals("http://127.0.0.1:8080/boot/snponly.efi", offer.options().bootFileName().orElseThrow());
        assertEquals("HTTPClient", offer.options().vendorClass().orElseThrow());
    }

    @Test
    public void relayedRequestIsAnsweredToTheRelay() throws Exception {
        send(relay, discover(0).giaddr(LOOPBACK).hops(1).build(), proxyPort);
        DhcpPacket offer = receive(relay);
        assertEquals(LOOPBACK, offer.giaddr());
        assertEquals(LOOPBACK, seen.get(0).relayAddress().orElseThrow());
        assertNothingArrives(client);
    }

    /** Waits for a counter to reach a value: the responder counts on its own thread. */
    private void awaitCount(String counter, long value) {
        long end = System.nanoTime() + 5_000_000_000L;
        while (counters.snapshot().get(counter) < value && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        assertEquals(counters.snapshot().toString(), value, counters.snapshot().get(counter).longValue());
    }

    @Test
    public void aRelayMustComeFromTheRelayPortAndNameOneHost() throws Exception {
        // A client naming a relay: its answer would go wherever it says.
        send(client, discover(0).giaddr(LOOPBACK).build(), proxyPort);
        // A relay naming a broadcast or multicast address.
        send(relay, discover(0).giaddr((Inet4Address) InetAddress.getByName("255.255.255.255")).build(), proxyPort);
        send(relay, discover(0).giaddr((Inet4Address) InetAddress.getByName("224.0.0.1")).build(), proxyPort);
        awaitCount(DhcpCounters.DROPPED_UNSAFE_DESTINATION, 3);
        assertTrue("the chain is not asked about them", seen.isEmpty());
        assertNothingArrives(relay);
        assertNothingArrives(client);
    }

    @Test
    public void aClientAddressThatIsNoSingleHostGetsNoUnicastAnswer() throws Exception {
        for (String ciaddr : new String[] {"255.255.255.255", "224.0.0.1"}) {
            send(client, discover(0).broadcast(false).ciaddr((Inet4Address) InetAddress.getByName(ciaddr)).build(),
                    proxyPort);
        }
        awaitCount(DhcpCounters.DROPPED_UNSAFE_DESTINATION, 2);
        assertTrue(seen.isEmpty());
    }

    @Test
    public void loopbackIsAnsweredOnlyByAListenerOnLoopback() throws Exception {
        LocalAddresses none = new LocalAddresses(() -> new LocalAddresses.Snapshot(List.of(), Set.of()), System::nanoTime);
        assertTrue(ReplyAddressing.oneHost(LOOPBACK, true, none));
        assertFalse(ReplyAddressing.oneHost(LOOPBACK, false, none));
        Inet4Address own = (Inet4Address) InetAddress.getByName("192.0.2.2");
        Inet4Address subnetBroadcast = (Inet4Address) InetAddress.getByName("192.0.2.255");
        LocalAddresses host = new LocalAddresses(() -> new LocalAddresses.Snapshot(List.of(own), Set.of(subnetBroadcast)),
                System::nanoTime);
        assertFalse("this host", ReplyAddressing.oneHost(own, false, host));
        assertFalse("a local subnet's broadcast", ReplyAddressing.oneHost(subnetBroadcast, false, host));
        assertTrue(ReplyAddressing.oneHost(InetAddress.getByName("192.0.2.7"), false, host));
        assertFalse(ReplyAddressing.oneHost(InetAddress.getByName("0.0.0.0"), true, host));
    }

    @Test
    public void aFloodUnderOneMacIsAnsweredNoMoreThanARealClient() throws Exception {
        for (int i = 0; i < DhcpSettings.from(Map.of()).answersPerClient() + 8; i++) {
            send(client, discover(0).xid(0x5000 + i).build(), proxyPort);
        }
        awaitCount(DhcpCounters.IGNORED_ANSWER_BUDGET, 8);
        assertEquals(DhcpSettings.from(Map.of()).answersPerClient(), counters.snapshot().get(DhcpCounters.OFFERS).longValue());
    }

    @Test
    public void option97IsEchoedInItsOneValidFormOnly() throws Exception {
        DhcpOptions odd = discover(0).build().options().toBuilder().put(97, new byte[40]).build();
        send(client, discover(0).options(odd).build(), proxyPort);
        assertFalse("a 40-byte option 97 is not echoed", receive(client).options().contains(97));
        send(client, discover(0).xid(0x77).build(), proxyPort);
        assertEquals(17, receive(client).options().clientGuidRaw().orElseThrow().length);
    }

    @Test
    public void clientWithoutGuidIsIdentifiedByMac() throws Exception {
        send(client, request(DhcpMessageType.DISCOVER, "PXEClient:Arch:00000:UNDI:002001", 0, false).build(), proxyPort);
        DhcpPacket offer = receive(client);
        assertFalse(offer.options().contains(97));
        assertFalse(seen.get(0).guid().isPresent());
    }

    @Test
    public void allZeroGuidIsStripped() throws Exception {
        DhcpOptions o = discover(0).build().options().toBuilder().clientGuid(new UUID(0, 0)).build();
        send(client, discover(0).options(o).build(), proxyPort);
        receive(client);
        assertFalse(seen.get(0).guid().isPresent());
    }

    @Test
    public void architectureFromVendorClassWhenOption93IsMissing() throws Exception {
        DhcpOptions o = discover(7).build().options().toBuilder().remove(93).build();
        send(client, discover(7).options(o).build(), proxyPort);
        receive(client);
        assertEquals(Architecture.X64_UEFI, seen.get(0).architecture());
    }

    @Test
    public void nonPxeClientsAndIgnoredRequestsGetSilence() throws Exception {
        DhcpOptions plain = DhcpOptions.builder().messageType(DhcpMessageType.DISCOVER).build();
        send(client, discover(0).options(plain).build(), proxyPort);
        assertNothingArrives(client);
        assertEquals(1, counters.snapshot().get(DhcpCounters.IGNORED_NOT_PXE).longValue());
        assertTrue(seen.isEmpty());

        decide = r -> Decision.ignore("unknown client");
        send(client, discover(0).build(), proxyPort);
        assertNothingArrives(client);
        assertEquals(1, counters.snapshot().get(DhcpCounters.IGNORED_BY_CHAIN).longValue());

        send(client, request(DhcpMessageType.REQUEST, "PXEClient", 0, true).build(), proxyPort);
        assertNothingArrives(client);
        assertEquals(1, counters.snapshot().get(DhcpCounters.IGNORED_MESSAGE_TYPE).longValue());

        decide = r -> Decision.service(BootAnswer.of("undionly.kpxe"), "test");
        int asked = seen.size();
        send(client, discover(0).hlen(0).build(), proxyPort);
        assertNothingArrives(client);
        assertEquals(1, counters.snapshot().get(DhcpCounters.DROPPED_NO_HARDWARE_ADDRESS).longValue());
        assertEquals("a request without a hardware address never reaches the chain", asked, seen.size());
    }

    @Test
    public void abortOffersALocalBootMenuChosenAtOnceAndNoBootFile() throws Exception {
        decide = r -> Decision.service(BootAnswer.forProgram("ABORT"), "test");
        for (int arch : new int[] {0, 7}) {
            send(client, discover(arch).xid(0xab00 + arch).build(), proxyPort);
            DhcpPacket offer = receive(client);
            assertEquals("", offer.file());
            assertFalse(offer.options().bootFileName().isPresent());
            org.karafpxe.dhcp.PxeVendorOptions pxe = offer.options().pxeVendorOptions().orElseThrow();
            assertFalse("discovery control must not say 'use the boot file'",
                    pxe.hasDiscoveryFlag(org.karafpxe.dhcp.PxeVendorOptions.USE_BOOT_FILE));
            assertEquals(1, pxe.bootMenu().size());
            assertEquals(0, pxe.bootMenu().get(0).type());
            assertEquals(0, pxe.menuPrompt().orElseThrow().timeoutSeconds());
            assertEquals("PXEClient", offer.options().vendorClass().orElseThrow());
        }
    }

    @Test
    public void garbageFloodIsCountedAndWellFormedClientsAreStillAnswered() throws Exception {
        Random random = new Random(42);
        byte[] good = DhcpCodec.encode(discover(0).build());
        int sent = 0;
        try (DatagramSocket attacker = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            for (int i = 0; i < 3000; i++) {
                byte[] junk;
                switch (i % 3) {
                    case 0 -> {
                        junk = new byte[random.nextInt(1500)];
                        random.nextBytes(junk);
                    }
                    case 1 -> junk = java.util.Arrays.copyOf(good, random.nextInt(good.length));
                    default -> {
                        junk = good.clone();
                        junk[240 + random.nextInt(20)] = (byte) 0xf0; // an option length running off the end
                    }
                }
                attacker.send(new DatagramPacket(junk, junk.length, LOOPBACK, proxyPort));
                sent++;
                if (i % 50 == 0) {
                    Thread.sleep(5); // let loopback drain: the test is about handling, not kernel buffers
                }
            }
        }
        // Mutated copies of a good DISCOVER in the flood may still be answered, and a loaded kernel may
        // drop datagrams: retransmit like PXE firmware does, skipping answers to other transactions.
        DhcpPacket offer = awaitOffer(0x600d);
        assertEquals("undionly.kpxe", offer.file());
        // Loopback may drop some of the flood; every packet that arrived is accounted for.
        Map<String, Long> c = counters.snapshot();
        long accounted = c.entrySet().stream().filter(e -> !e.getKey().equals(DhcpCounters.RECEIVED))
                .mapToLong(Map.Entry::getValue).sum();
        assertEquals(c.toString(), c.get(DhcpCounters.RECEIVED).longValue(), accounted);
        assertTrue(c.toString(), c.get(DhcpCounters.RECEIVED) > sent / 10);
        assertTrue(c.toString(), c.get(DhcpCounters.dropped(org.karafpxe.dhcp.DropReason.TOO_SHORT)) > 0);
        assertTrue(c.toString(), c.get(DhcpCounters.dropped(org.karafpxe.dhcp.DropReason.OPTION_TRUNCATED)) > 0);
        assertTrue(c.toString(), c.get(DhcpCounters.dropped(org.karafpxe.dhcp.DropReason.BAD_OP)) > 0);
    }

    @Test
    public void portInUseIsExplainedAndTheOtherListenerStillRuns() throws Exception {
        try (DatagramSocket squatter = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            DhcpResponderCore second = new DhcpResponderCore(settings(Map.of("proxy.port",
                    String.valueOf(squatter.getLocalPort()))), chain, new DhcpCounters(), DUID,
                    new Ipxe6Handoffs(System::nanoTime));
            second.start();
            try {
                DhcpStatistics.Listener proxy = second.listeners().get(0);
                assertFalse(proxy.listening());
                assertTrue(proxy.problem(), proxy.problem().startsWith("ProxyDHCP cannot listen on UDP 127.0.0.1:"));
                assertTrue(proxy.problem(), proxy.problem().contains("etc/org.karafpxe.dhcp.cfg"));
                assertTrue(second.listeners().get(1).listening());
            } finally {
                second.stop();
            }
        }
    }

    @Test
    public void disabledListenerDoesNotBind() throws Exception {
        DhcpResponderCore second = new DhcpResponderCore(settings(Map.of("proxy.enabled", "false")), chain,
                new DhcpCounters(), DUID, new Ipxe6Handoffs(System::nanoTime));
        second.start();
        try {
            assertEquals("disabled", second.listeners().get(0).problem());
            assertEquals(-1, second.boundPort(ExchangePort.PROXY_DHCP));
        } finally {
            second.stop();
        }
    }

    @Test
    public void badSettingsAreReportedWithWhatIsAllowed() {
        DhcpSettings s = DhcpSettings.from(Map.of("proxy.port", "sixty-seven", "server.address", "pxe.example",
                "pxe.enabled", "yes", "requests.log.per.second", "-1"));
        assertEquals(67, s.proxy().port());
        assertFalse(s.serverAddress().isPresent());
        assertTrue(s.pxe().enabled());
        assertEquals(100, s.requestsLogPerSecond());
        assertEquals(4, s.problems().size());
        String all = String.join("\n", s.problems());
        assertTrue(all, all.contains("proxy.port = 'sixty-seven' is not a whole number from 0 to 65535; using 67"));
        assertTrue(all, all.contains("pxe.enabled = 'yes' is neither true nor false"));
        assertTrue(all, all.contains("server.address = 'pxe.example' is not an IPv4 address"));
        assertTrue(all, all.contains("requests.log.per.second = '-1' is not a whole number from 0 to 100000; using 100"));
        assertEquals(0, DhcpSettings.from(Map.of("requests.log.per.second", "0")).requestsLogPerSecond());
    }
}
