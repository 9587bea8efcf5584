package org.karafpxe.tftp;

/**
 * A TFTP packet (RFC 1350 with the option extension of RFC 2347).
 *
 * <p>Sealed so that protocol code can switch exhaustively over the packet kinds; bytes on the wire are
 * produced and parsed only by {@link TftpCodec}.
 */
public sealed interface TftpPacket permits ReadRequest, WriteRequest, Data, Ack, ErrorPacket, OptionAck {
}
