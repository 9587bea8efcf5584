package org.karafpxe.dhcp;

/**
 * Coverage-guided fuzz target (Jazzer, bench/fuzz/run.sh) for the DHCP decoder and the encoder:
 * any datagram decodes without throwing, and a packet that decodes encodes again (or is refused
 * as too large for a datagram) to bytes that decode as well.
 */
public final class DhcpCodecFuzzer {

    private DhcpCodecFuzzer() {
    }

    public static void fuzzerTestOneInput(byte[] datagram) {
        DecodeResult result = DhcpCodec.decode(datagram);
        if (!(result instanceof DecodeResult.Decoded decoded)) {
            return;
        }
        byte[] again;
        try {
            again = DhcpCodec.encode(decoded.packet());
        } catch (DhcpEncodeException tooLarge) {
            return;
        }
        if (!(DhcpCodec.decode(again) instanceof DecodeResult.Decoded)) {
            throw new IllegalStateException("a decoded packet encodes to bytes that do not decode");
        }
    }
}
