package org.karafpxe.dhcp;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.karafpxe.dhcp.RawPackets.bytes;
import static org.karafpxe.dhcp.RawPackets.decodeOk;
import static org.karafpxe.dhcp.RawPackets.hex;
import static org.karafpxe.dhcp.RawPackets.ip;
import static org.karafpxe.dhcp.RawPackets.roundTrip;
import static org.karafpxe.dhcp.RawPackets.withOptions;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.Test;

public class DhcpOptionsTest {

    private static final UUID QEMU_UUID = UUID.fromString("8b6b6f3e-1c9a-4e55-9d3a-0a1b2c3d4e5f");
    private static final byte[] QEMU_GUID_WIRE = hex("00 3e6f6b8b 9a1c 554e 9d3a0a1b2c3d4e5f");

    @Test
    public void everyMessageTypeRoundTrips() {
        for (DhcpMessageType t : DhcpMessageType.values()) {
            if (t == DhcpMessageType.UNKNOWN) {
                continue;
            }
            DhcpOptions back = roundTrip(DhcpOptions.builder().messageType(t).build());
            assertEquals(Optional.of(t), back.messageType());
            assertArrayEquals(bytes(t.code()), back.get(53).orElseThrow());
        }
    }

    @Test
    public void unknownMessageTypeValueReadsAsUnknown() {
        DhcpPacket p = decodeOk(withOptions(53, 1, 42, 255));
        assertEquals(Optional.of(DhcpMessageType.UNKNOWN), p.messageType());
        assertEquals(DhcpMessageType.UNKNOWN, DhcpMessageType.of(0));
        assertEquals(DhcpMessageType.INFORM, DhcpMessageType.of(8));
    }

    @Test
    public void vendorClassRoundTrips() {
        DhcpOptions back = roundTrip(DhcpOptions.builder().vendorClass("PXEClient:Arch:00007:UNDI:003000").build());
        assertEquals(Optional.of("PXEClient:Arch:00007:UNDI:003000"), back.vendorClass());
    }

    @Test
    public void addressOptionsRoundTrip() {
        DhcpOptions back = roundTrip(DhcpOptions.builder()
                .serverIdentifier(ip("10.213.0.2"))
                .address(50, ip("10.213.0.111"))
                .address(6, ip("1.1.1.1"), ip("8.8.8.8"))
                .build());
        assertEquals(Optional.of(ip("10.213.0.2")), back.serverIdentifier());
        assertEquals(Optional.of(ip("10.213.0.111")), back.requestedIpAddress());
        assertArrayEquals(bytes(1, 1, 1, 1, 8, 8, 8, 8), back.get(6).orElseThrow());
        assertEquals("a list is not a single address", Optional.empty(), back.address(6));
    }

    @Test
    public void requestedParametersRoundTrip() {
        DhcpOptions back = roundTrip(DhcpOptions.builder().requestedParameters(1, 3, 43, 60, 66, 67, 175, 203).build());
        assertEquals(List.of(1, 3, 43, 60, 66, 67, 175, 203), back.requestedParameters());
        assertEquals(List.of(), DhcpOptions.empty().requestedParameters());
    }

    @Test
    public void maxMessageSizeRoundTrips() {
        DhcpOptions back = roundTrip(DhcpOptions.builder().maxMessageSize(65280).build());
        assertEquals(OptionalInt.of(65280), back.maxMessageSize());
        assertArrayEquals(bytes(0xFF, 0x00), back.get(57).orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> DhcpOptions.builder().maxMessageSize(575));
    }

    @Test
    public void clientIdentifierRoundTrips() {
        byte[] id = bytes(1, 0x52, 0x54, 0, 0x12, 0x34, 0x56);
        assertArrayEquals(id, roundTrip(DhcpOptions.builder().clientIdentifier(id).build()).clientIdentifier().orElseThrow());
    }

    @Test
    public void tftpServerAndBootFileNamesRoundTrip() {
        DhcpOptions back = roundTrip(DhcpOptions.builder().tftpServerName("10.213.0.2").bootFileName("boot.ipxe").build());
        assertEquals(Optional.of("10.213.0.2"), back.tftpServerName());
        assertEquals(Optional.of("boot.ipxe"), back.bootFileName());
    }

    @Test
    public void bootFileNameDropsTheNulSomeServersAppend() {
        DhcpPacket p = decodeOk(RawPackets.concat(RawPackets.header(), bytes(67, 10), RawPackets.ascii("boot.ipxe"),
                bytes(0, 255)));
        assertEquals(Optional.of("boot.ipxe"), p.options().bootFileName());
        assertEquals(10, p.options().get(67).orElseThrow().length);
    }

    @Test
    public void leaseTimesRoundTripAsUnsigned() {
        DhcpOptions back = roundTrip(DhcpOptions.builder().unsignedInt(51, 0xFFFFFFFFL).unsignedInt(58, 300).build());
        assertArrayEquals(bytes(0xFF, 0xFF, 0xFF, 0xFF), back.get(51).orElseThrow());
        assertArrayEquals(bytes(0, 0, 1, 0x2C), back.get(58).orElseThrow());
    }

    @Test
    public void userClassAsBareStringLikeIpxe() {
        DhcpOptions back = roundTrip(DhcpOptions.builder().rawUserClass("iPXE").build());
        assertArrayEquals(bytes('i', 'P', 'X', 'E'), back.get(77).orElseThrow());
        assertEquals(List.of("iPXE"), back.userClasses());
    }

    @Test
    public void userClassesInRfc3004Form() {
        DhcpOptions back = roundTrip(DhcpOptions.builder().userClasses(List.of("foo", "barbaz")).build());
        assertArrayEquals(bytes(3, 'f', 'o', 'o', 6, 'b', 'a', 'r', 'b', 'a', 'z'), back.get(77).orElseThrow());
        assertEquals(List.of("foo", "barbaz"), back.userClasses());
    }

    @Test
    public void userClassHeuristicFallsBackToRawWhenLengthsDoNotTile() {
        // Last length runs one byte past the end.
        DhcpOptions a = decodeOk(withOptions(77, 5, 2, 'a', 'b', 3, 'c', 255)).options();
        assertEquals(List.of("\u0002ab\u0003c"), a.userClasses());
        // A zero length is not RFC 3004.
        DhcpOptions b = decodeOk(withOptions(77, 3, 0, 'a', 'b', 255)).options();
        assertEquals(1, b.userClasses().size());
        assertEquals(List.of(), DhcpOptions.empty().userClasses());
    }

    @Test
    public void rfc3004ClassesMustBeOneTo255Bytes() {
        assertThrows(IllegalArgumentException.class, () -> DhcpOptions.builder().userClasses(List.of("")));
        assertThrows(IllegalArgumentException.class, () -> DhcpOptions.builder().userClasses(List.of("x".repeat(256))));
    }

    @Test
    public void clientArchitectureListRoundTrips() {
        DhcpOptions back = roundTrip(DhcpOptions.builder().clientArchitectures(0, 7, 16).build());
        assertArrayEquals(bytes(0, 0, 0, 7, 0, 16), back.get(93).orElseThrow());
        assertEquals(List.of(0, 7, 16), back.clientArchitectures());
    }

    @Test
    public void clientArchitectureOfOddLengthReadsAsAbsent() {
        assertEquals(List.of(), decodeOk(withOptions(93, 3, 0, 7, 0, 255)).options().clientArchitectures());
        assertEquals(List.of(), DhcpOptions.empty().clientArchitectures());
    }

    @Test
    public void clientNdiRoundTrips() {
        DhcpOptions back = roundTrip(DhcpOptions.builder().clientNdi(new ClientNdi(ClientNdi.UNDI, 3, 10)).build());
        assertArrayEquals(bytes(1, 3, 10), back.get(94).orElseThrow());
        assertEquals(Optional.of(new ClientNdi(1, 3, 10)), back.clientNdi());
        assertEquals(Optional.empty(), decodeOk(withOptions(94, 2, 1, 3, 255)).options().clientNdi());
    }

    @Test
    public void clientGuidFromQemuIsNormalised() {
        DhcpOptions o = DhcpOptions.builder().put(97, QEMU_GUID_WIRE).build();
        assertEquals(Optional.of(QEMU_UUID), o.clientGuid());
        assertArrayEquals(QEMU_GUID_WIRE, o.clientGuidRaw().orElseThrow());
    }

    @Test
    public void clientGuidIsWrittenInSmbiosOrder() {
        DhcpOptions back = roundTrip(DhcpOptions.builder().clientGuid(QEMU_UUID).build());
        assertArrayEquals(QEMU_GUID_WIRE, back.get(97).orElseThrow());
        assertEquals(Optional.of(QEMU_UUID), back.clientGuid());
    }

    @Test
    public void clientGuidRoundTripsForArbitraryUuids() {
        java.util.Random r = new java.util.Random(97);
        for (int i = 0; i < 100; i++) {
            UUID u = new UUID(r.nextLong(), r.nextLong());
            assertEquals(Optional.of(u), DhcpOptions.builder().clientGuid(u).build().clientGuid());
        }
    }

    @Test
    public void clientGuidWithOtherTypeOrLengthIsNotAUuidButKeptRaw() {
        byte[] typeOne = QEMU_GUID_WIRE.clone();
        typeOne[0] = 1;
        DhcpOptions a = roundTrip(DhcpOptions.builder().put(97, typeOne).build());
        assertEquals(Optional.empty(), a.clientGuid());
        assertArrayEquals(typeOne, a.clientGuidRaw().orElseThrow());

        byte[] sixteen = java.util.Arrays.copyOfRange(QEMU_GUID_WIRE, 1, 17);
        DhcpOptions b = roundTrip(DhcpOptions.builder().put(97, sixteen).build());
        assertEquals(Optional.empty(), b.clientGuid());
        assertArrayEquals(sixteen, b.clientGuidRaw().orElseThrow());
        assertEquals(Optional.empty(), DhcpOptions.empty().clientGuidRaw());
    }

    @Test
    public void allZeroGuidIsStillAUuid() {
        DhcpOptions o = DhcpOptions.builder().put(97, new byte[17]).build();
        assertEquals(Optional.of(new UUID(0, 0)), o.clientGuid());
    }

    @Test
    public void repeatedOptionsAreJoinedPerRfc3396() {
        DhcpPacket p = decodeOk(withOptions(
                60, 5, 'P', 'X', 'E', 'C', 'l',
                53, 1, 1,
                60, 4, 'i', 'e', 'n', 't',
                255));
        assertEquals(Optional.of("PXEClient"), p.options().vendorClass());
        assertEquals("joined value keeps the first position", List.of(60, 53), p.options().codes());
    }

    @Test
    public void rfc3396JoinedValueCanExceed255Bytes() {
        byte[] part = RawPackets.repeat('a', 200);
        DhcpPacket p = decodeOk(RawPackets.concat(RawPackets.header(), bytes(224, 200), part, bytes(224, 200), part,
                bytes(255)));
        assertEquals(400, p.options().get(224).orElseThrow().length);
    }

    @Test
    public void unknownOptionsAreKeptInOrder() {
        DhcpPacket p = decodeOk(withOptions(53, 1, 1, 224, 2, 0xAB, 0xCD, 150, 0, 251, 1, 9, 255));
        assertEquals(List.of(53, 224, 150, 251), p.options().codes());
        assertArrayEquals(bytes(0xAB, 0xCD), p.options().get(224).orElseThrow());
        assertArrayEquals(new byte[0], p.options().get(150).orElseThrow());
        assertEquals(OptionCode.UNKNOWN, OptionCode.of(224));
        assertEquals(p, roundTrip(p));
    }

    @Test
    public void padsBetweenOptionsAreSkipped() {
        DhcpPacket p = decodeOk(withOptions(0, 0, 53, 1, 3, 0, 0, 0, 61, 1, 7, 0, 255, 0, 0));
        assertEquals(List.of(53, 61), p.options().codes());
    }

    @Test
    public void isIpxeFromOption175OrUserClass() {
        assertTrue(DhcpOptions.builder().put(175, bytes(235, 3, 1, 0, 0)).build().isIpxe());
        assertTrue(DhcpOptions.builder().rawUserClass("iPXE").build().isIpxe());
        assertFalse(DhcpOptions.builder().vendorClass("PXEClient").build().isIpxe());
        assertFalse(DhcpOptions.builder().rawUserClass("gPXE").build().isIpxe());
    }

    @Test
    public void wrongShapedValuesReadAsAbsent() {
        DhcpOptions o = DhcpOptions.builder()
                .put(54, bytes(10, 0, 0))
                .put(57, bytes(5))
                .put(43, bytes(6, 5, 1))
                .put(175, bytes(177, 9))
                .build();
        assertEquals(Optional.empty(), o.serverIdentifier());
        assertEquals(OptionalInt.empty(), o.maxMessageSize());
        assertEquals(Optional.empty(), o.pxeVendorOptions());
        assertEquals(Optional.empty(), o.ipxeOptions());
        assertArrayEquals(bytes(6, 5, 1), o.get(43).orElseThrow());
    }

    @Test
    public void valuesAreCopiedInAndOut() {
        byte[] v = bytes(1, 2, 3);
        DhcpOptions.Builder b = DhcpOptions.builder().put(224, v);
        v[0] = 9;
        DhcpOptions o = b.build();
        b.put(224, bytes(7));
        o.get(224).orElseThrow()[1] = 9;
        assertArrayEquals(bytes(1, 2, 3), o.get(224).orElseThrow());
    }

    @Test
    public void builderRejectsReservedAndCodecOwnedCodes() {
        assertThrows(IllegalArgumentException.class, () -> DhcpOptions.builder().put(0, bytes(1)));
        assertThrows(IllegalArgumentException.class, () -> DhcpOptions.builder().put(255, bytes(1)));
        IllegalArgumentException overload = assertThrows(IllegalArgumentException.class,
                () -> DhcpOptions.builder().put(52, bytes(1)));
        assertTrue(overload.getMessage().contains("52"));
        assertThrows(IllegalArgumentException.class, () -> DhcpOptions.builder().put(53, bytes(1, 1)));
        assertThrows(IllegalArgumentException.class, () -> DhcpOptions.builder().messageType(DhcpMessageType.UNKNOWN));
    }

    @Test
    public void putKeepsPositionAndRemoveDrops() {
        DhcpOptions o = DhcpOptions.builder().put(1, bytes(1)).put(2, bytes(2)).put(1, bytes(3)).remove(2).build();
        assertEquals(List.of(1), o.codes());
        assertArrayEquals(bytes(3), o.get(1).orElseThrow());
        DhcpOptions edited = o.toBuilder().put(3, bytes(4)).build();
        assertEquals(List.of(1, 3), edited.codes());
        assertEquals(List.of(1), o.codes());
    }

    @Test
    public void putOfARemovedCodeGoesLastAndForEachGivesCopiesInWireOrder() {
        DhcpOptions o = DhcpOptions.builder().put(200, bytes(1)).put(2, bytes(2)).put(3, bytes(3)).remove(200)
                .put(200, bytes(4)).build();
        List<Integer> seen = new java.util.ArrayList<>();
        o.forEach((code, value) -> {
            seen.add(code);
            value[0] = 99;
        });
        assertEquals(List.of(2, 3, 200), seen);
        assertEquals(List.of(2, 3, 200), o.codes());
        assertArrayEquals("a value handed out is a copy", bytes(4), o.get(200).orElseThrow());
    }

    @Test
    public void optionCodeNamesAndUnknowns() {
        assertEquals(OptionCode.CLIENT_MACHINE_IDENTIFIER, OptionCode.of(97));
        assertEquals(OptionCode.UNKNOWN, OptionCode.of(-5));
        assertEquals(OptionCode.UNKNOWN, OptionCode.of(1000));
        assertEquals("43 (VENDOR_SPECIFIC)", OptionCode.describe(43));
        assertEquals("224", OptionCode.describe(224));
        assertTrue(DhcpOptions.builder().put(OptionCode.VENDOR_CLASS_IDENTIFIER, bytes('x')).build().toString()
                .contains("60 (VENDOR_CLASS_IDENTIFIER)=78"));
    }
}
