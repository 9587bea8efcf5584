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
    DUPLICATE_OPTION
}
