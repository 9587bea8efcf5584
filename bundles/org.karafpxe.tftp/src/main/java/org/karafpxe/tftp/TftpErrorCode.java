package org.karafpxe.tftp;

/** Error codes of RFC 1350, plus OPTION_REFUSED from RFC 2347. */
public enum TftpErrorCode {
    NOT_DEFINED(0),
    FILE_NOT_FOUND(1),
    ACCESS_VIOLATION(2),
    DISK_FULL(3),
    ILLEGAL_OPERATION(4),
    UNKNOWN_TID(5),
    FILE_EXISTS(6),
    NO_SUCH_USER(7),
    OPTION_REFUSED(8),
    /** A code outside the defined range, as sent by a peer; the numeric value is not kept. */
    UNKNOWN(-1);

    private static final TftpErrorCode[] BY_CODE = {
        NOT_DEFINED, FILE_NOT_FOUND, ACCESS_VIOLATION, DISK_FULL, ILLEGAL_OPERATION,
        UNKNOWN_TID, FILE_EXISTS, NO_SUCH_USER, OPTION_REFUSED
    };

    private final int code;

    TftpErrorCode(int code) {
        this.code = code;
    }

    /** The numeric code, or -1 for {@link #UNKNOWN}. */
    public int code() {
        return code;
    }

    public static TftpErrorCode of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
    }
}
