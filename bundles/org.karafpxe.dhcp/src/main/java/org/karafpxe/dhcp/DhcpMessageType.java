package org.karafpxe.dhcp;

/** Option 53 values (RFC 2132 section 9.6). */
public enum DhcpMessageType {
    DISCOVER(1),
    OFFER(2),
    REQUEST(3),
    DECLINE(4),
    ACK(5),
    NAK(6),
    RELEASE(7),
    INFORM(8),
    /** Any other value; such a packet is still decoded so the caller decides what to drop. */
    UNKNOWN(-1);

    private final int code;

    DhcpMessageType(int code) {
        this.code = code;
    }

    /** The byte on the wire, or -1 for {@link #UNKNOWN}. */
    public int code() {
        return code;
    }

    public static DhcpMessageType of(int code) {
        for (DhcpMessageType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return UNKNOWN;
    }
}
