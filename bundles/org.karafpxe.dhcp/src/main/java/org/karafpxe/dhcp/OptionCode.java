package org.karafpxe.dhcp;

/**
 * Names for the option codes this server reads or writes; every other code maps to {@link
 * #UNKNOWN}, whose value is kept as bytes all the same.
 */
public enum OptionCode {
    PAD(0),
    SUBNET_MASK(1),
    ROUTER(3),
    DOMAIN_NAME_SERVER(6),
    HOST_NAME(12),
    DOMAIN_NAME(15),
    ROOT_PATH(17),
    BROADCAST_ADDRESS(28),
    VENDOR_SPECIFIC(43),
    REQUESTED_IP_ADDRESS(50),
    LEASE_TIME(51),
    OVERLOAD(52),
    MESSAGE_TYPE(53),
    SERVER_IDENTIFIER(54),
    PARAMETER_REQUEST_LIST(55),
    MESSAGE(56),
    MAX_MESSAGE_SIZE(57),
    RENEWAL_TIME(58),
    REBINDING_TIME(59),
    VENDOR_CLASS_IDENTIFIER(60),
    CLIENT_IDENTIFIER(61),
    TFTP_SERVER_NAME(66),
    BOOTFILE_NAME(67),
    USER_CLASS(77),
    CLIENT_SYSTEM_ARCHITECTURE(93),
    CLIENT_NETWORK_INTERFACE(94),
    CLIENT_MACHINE_IDENTIFIER(97),
    IPXE_ENCAPSULATED(175),
    END(255),
    UNKNOWN(-1);

    private static final OptionCode[] BY_CODE = new OptionCode[256];

    static {
        for (OptionCode c : values()) {
            if (c.code >= 0) {
                BY_CODE[c.code] = c;
            }
        }
    }

    private final int code;

    OptionCode(int code) {
        this.code = code;
    }

    /** The code on the wire, or -1 for {@link #UNKNOWN}. */
    public int code() {
        return code;
    }

    public static OptionCode of(int code) {
        OptionCode c = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        return c == null ? UNKNOWN : c;
    }

    /** "43 (VENDOR_SPECIFIC)" or "200": the form used in log lines and exception messages. */
    public static String describe(int code) {
        OptionCode c = of(code);
        return c == UNKNOWN ? Integer.toString(code) : code + " (" + c + ")";
    }
}
