package org.karafpxe.tftp;

/** Why a datagram could not be read as a TFTP packet. */
public enum MalformedReason {
    /** The offset/length given to the decoder do not describe a range of the buffer. */
    BAD_RANGE,
    TOO_SHORT,
    UNKNOWN_OPCODE,
    MISSING_TERMINATOR,
    OPTION_WITHOUT_VALUE,
    EMPTY_OPTION_NAME,
    /** The same option name (case-insensitively) appears twice, leaving the request ambiguous. */
    DUPLICATE_OPTION,
    /**
     * A read or write request longer than {@value TftpCodec#MAX_REQUEST_BYTES} bytes (RFC 2347 bounds
     * a request packet, options included, to 512 octets).
     *
     * @since 1.1
     */
    OVERSIZED_REQUEST,
    /**
     * A request with more than {@value TftpCodec#MAX_OPTIONS} options: no client needs that many, and
     * each would be kept while the request waits.
     *
     * @since 1.1
     */
    TOO_MANY_OPTIONS
}
