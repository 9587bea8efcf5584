package org.karafpxe.dhcp;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;

/**
 * The captures are pcapng; the classic format and the other link types are checked by writing
 * the same frames out in those forms and reading them back.
 */
public class PcapReaderTest {

    private static List<PcapReader.Frame> capturedFrames() throws IOException {
        return PcapReader.frames(Captures.bytes(Captures.BIOS_PROXY));
    }

    private static byte[] classic(List<PcapReader.Frame> frames, ByteOrder order, int linkType, boolean nanos) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(order);
        h.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(65535).putInt(linkType);
        out.writeBytes(h.array());
        for (PcapReader.Frame f : frames) {
            ByteBuffer r = ByteBuffer.allocate(16).order(order);
            r.putInt(1_700_000_000).putInt(0).putInt(f.data().length).putInt(f.data().length);
            out.writeBytes(r.array());
            out.writeBytes(f.data());
        }
        return out.toByteArray();
    }

    /** Replaces each Ethernet header with a Linux cooked (SLL) header. */
    private static List<PcapReader.Frame> cooked(List<PcapReader.Frame> frames) {
        List<PcapReader.Frame> out = new ArrayList<>();
        for (PcapReader.Frame f : frames) {
            byte[] sll = new byte[16];
            sll[1] = 4; // sent by us
            sll[3] = 1; // ARPHRD_ETHER
            sll[5] = 6;
            System.arraycopy(f.data(), 6, sll, 6, 6);
            sll[14] = f.data()[12];
            sll[15] = f.data()[13];
            out.add(new PcapReader.Frame(PcapReader.LINKTYPE_LINUX_SLL,
                    RawPackets.concat(sll, Arrays.copyOfRange(f.data(), 14, f.data().length))));
        }
        return out;
    }

    @Test
    public void pcapngCaptureYieldsItsUdpDatagrams() throws IOException {
        List<PcapReader.Frame> frames = capturedFrames();
        assertEquals(7, frames.size());
        assertTrue(frames.stream().allMatch(f -> f.linkType() == PcapReader.LINKTYPE_ETHERNET));
        List<PcapReader.Datagram> udp = PcapReader.udp(frames);
        assertEquals(7, udp.size());
        assertEquals(400, udp.get(0).payload().length);
        assertEquals("0.0.0.0", udp.get(0).source());
        assertEquals(4011, udp.get(5).destinationPort());
    }

    @Test
    public void classicPcapInBothByteOrdersReadsTheSame() throws IOException {
        List<PcapReader.Frame> frames = capturedFrames();
        List<PcapReader.Datagram> expected = PcapReader.udp(frames);
        for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
            for (boolean nanos : List.of(false, true)) {
                byte[] file = classic(frames, order, PcapReader.LINKTYPE_ETHERNET, nanos);
                assertEquals(order + " nanos=" + nanos, expected, PcapReader.udp(PcapReader.frames(file)));
            }
        }
    }

    @Test
    public void linuxCookedCaptureReadsTheSame() throws IOException {
        List<PcapReader.Frame> frames = capturedFrames();
        byte[] file = classic(cooked(frames), ByteOrder.LITTLE_ENDIAN, PcapReader.LINKTYPE_LINUX_SLL, false);
        List<PcapReader.Frame> read = PcapReader.frames(file);
        assertEquals(PcapReader.LINKTYPE_LINUX_SLL, read.get(0).linkType());
        assertEquals(PcapReader.udp(frames), PcapReader.udp(read));
    }

    @Test
    public void vlanTaggedEthernetIsUnwrapped() throws IOException {
        List<PcapReader.Frame> frames = capturedFrames();
        List<PcapReader.Frame> tagged = new ArrayList<>();
        for (PcapReader.Frame f : frames) {
            byte[] d = f.data();
            byte[] t = RawPackets.concat(Arrays.copyOf(d, 12), RawPackets.bytes(0x81, 0x00, 0x00, 0x0A),
                    Arrays.copyOfRange(d, 12, d.length));
            tagged.add(new PcapReader.Frame(PcapReader.LINKTYPE_ETHERNET, t));
        }
        assertEquals(PcapReader.udp(frames), PcapReader.udp(tagged));
    }

    @Test
    public void unknownFormatIsAnError() {
        assertThrows(IOException.class, () -> PcapReader.frames(new byte[] {1, 2, 3, 4, 5}));
    }
}
