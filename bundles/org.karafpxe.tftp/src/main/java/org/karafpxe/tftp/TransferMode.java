package org.karafpxe.tftp;

import java.util.Locale;

/** Transfer mode named in a request (RFC 1350). */
public enum TransferMode {
    OCTET, NETASCII, MAIL,
    /** A mode string the protocol does not define; kept so the server can refuse it politely. */
    UNKNOWN;

    /** Mode names are case-insensitive on the wire; anything unrecognised maps to {@link #UNKNOWN}. */
    public static TransferMode of(String wireName) {
        if (wireName == null) {
            return UNKNOWN;
        }
        return switch (wireName.toLowerCase(Locale.ROOT)) {
            case "octet" -> OCTET;
            case "netascii" -> NETASCII;
            case "mail" -> MAIL;
            default -> UNKNOWN;
        };
    }

    /**
     * The lower-case name written on the wire.
     *
     * @throws IllegalStateException for {@link #UNKNOWN}, whose original spelling is not kept
     */
    public String wireName() {
        if (this == UNKNOWN) {
            throw new IllegalStateException("UNKNOWN transfer mode has no wire name");
        }
        return name().toLowerCase(Locale.ROOT);
    }
}
