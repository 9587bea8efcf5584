package org.karafpxe.tftp.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.karafpxe.api.BootFileName;
import org.karafpxe.tftp.DecodeResult;
import org.karafpxe.tftp.ErrorPacket;
import org.karafpxe.tftp.ReadRequest;
import org.karafpxe.tftp.TftpCodec;
import org.karafpxe.tftp.TftpErrorCode;
import org.karafpxe.tftp.TftpPacket;
import org.karafpxe.tftp.TransferMode;
import org.karafpxe.tftp.WriteRequest;

/**
 * Coverage-guided fuzz target (Jazzer, bench/fuzz/run.sh) for what the TFTP server does with a
 * datagram before it opens a file: the codec decodes without throwing and what it decodes encodes
 * back to an equal packet; a read request's name either is refused or is a path that cannot leave
 * the root; its options are negotiated without throwing.
 */
public final class TftpRequestFuzzer {
    private static final OptionNegotiator NEGOTIATOR = new OptionNegotiator(65464, 64, Duration.ofSeconds(1));

    private TftpRequestFuzzer() {
    }

    public static void fuzzerTestOneInput(byte[] datagram) {
        DecodeResult result = TftpCodec.decode(datagram, 0, datagram.length);
        if (!(result instanceof DecodeResult.Decoded decoded)) {
            return;
        }
        TftpPacket packet = decoded.packet();
        boolean encodable = !(packet instanceof ReadRequest r && r.mode() == TransferMode.UNKNOWN
                || packet instanceof WriteRequest w && w.mode() == TransferMode.UNKNOWN
                || packet instanceof ErrorPacket e && e.code() == TftpErrorCode.UNKNOWN);
        if (encodable) {
            byte[] wire = TftpCodec.encode(packet);
            if (!packet.equals(((DecodeResult.Decoded) TftpCodec.decode(wire, 0, wire.length)).packet())) {
                throw new IllegalStateException("round trip changed " + packet);
            }
        }
        if (packet instanceof ReadRequest request) {
            if (TftpPathResolver.check(request.filename(), TftpPathResolver.DEFAULT_MAX_NAME_LENGTH)
                    instanceof BootFileName.Valid valid) {
                confined(valid.path());
            }
            NEGOTIATOR.negotiate(OptionNegotiator.known(request).options(), datagram.length * 1000L);
        }
    }

    /** A path a source receives: relative, no parent or empty components, no control characters. */
    static void confined(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains("//")
                || ("/" + path + "/").contains("/../") || ("/" + path + "/").contains("/./")
                || path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
                || path.getBytes(StandardCharsets.UTF_8).length > 4 * BootFileName.MAX_LENGTH) {
            throw new IllegalStateException("a name left unconfined: " + BootFileName.printable(path));
        }
    }
}
