package org.karafpxe.dhcp;

/**
 * Why a datagram was not accepted as a BOOTP/DHCP packet.
 *
 * <p>A missing END option is deliberately not a reason: the options field may simply run to the
 * end of the datagram, or to the end of an overloaded field, and clients in the wild do that.
 * Bytes after END are padding and are ignored whatever they hold.
 */
public enum DropReason {
    /** Fewer than 240 bytes: the 236-byte fixed header plus the 4-byte magic cookie. */
    TOO_SHORT,
    /** op is neither BOOTREQUEST (1) nor BOOTREPLY (2). */
    BAD_OP,
    /** hlen exceeds the 16-byte chaddr field. */
    BAD_HLEN,
    /** The 4 bytes after the header are not 99.130.83.99, so this is plain BOOTP or not BOOTP. */
    BAD_MAGIC_COOKIE,
    /** An option in the options field lacks its length byte or its value runs past the end. */
    OPTION_TRUNCATED,
    /**
     * Option 52 is not one byte of 1, 2 or 3, or the sname/file field it points at does not hold
     * well-formed options, or it appears again inside those fields.
     */
    BAD_OVERLOAD,
    /** Option 53 is present but is not exactly one byte long. */
    BAD_MESSAGE_TYPE
}
