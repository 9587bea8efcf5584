package org.karafpxe.dhcp;

/** Byte offsets of the fixed BOOTP header (RFC 951, RFC 2131 figure 1). */
final class BootpLayout {

    static final int OP = 0;
    static final int HTYPE = 1;
    static final int HLEN = 2;
    static final int HOPS = 3;
    static final int XID = 4;
    static final int SECS = 8;
    static final int FLAGS = 10;
    static final int CIADDR = 12;
    static final int YIADDR = 16;
    static final int SIADDR = 20;
    static final int GIADDR = 24;
    static final int CHADDR = 28;
    static final int SNAME = 44;
    static final int SNAME_LENGTH = 64;
    static final int FILE = 108;
    static final int FILE_LENGTH = 128;
    static final int HEADER_LENGTH = 236;
    static final int COOKIE = 236;
    static final int MAGIC_COOKIE = 0x63825363;
    static final int OPTIONS = 240;
    /** RFC 1542's minimum BOOTP message; older clients and relays drop anything shorter. */
    static final int MIN_ENCODED_LENGTH = 300;

    static final int OVERLOAD_FILE = 1;
    static final int OVERLOAD_SNAME = 2;
    static final int OVERLOAD_BOTH = 3;

    private BootpLayout() {
    }
}
