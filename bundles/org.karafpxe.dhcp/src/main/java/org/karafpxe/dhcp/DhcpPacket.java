package org.karafpxe.dhcp;

import java.net.Inet4Address;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One BOOTP/DHCP message (RFC 2131 section 2). Immutable: {@link #chaddr()} is copied in and out.
 *
 * <p>{@code sname} and {@code file} are the header strings up to their first NUL. When option 52
 * moved options into those fields, the decoder merges them into {@link #options()} and leaves
 * both strings empty.
 *
 * @param op 1 (BOOTREQUEST) or 2 (BOOTREPLY)
 * @param htype hardware type, 1 for Ethernet
 * @param hlen hardware address length, 0..16
 * @param xid transaction id; compare as an int, it is an opaque 32-bit value
 * @param secs 0..65535; PXE clients put their retry time here
 * @param flags 0..65535; only {@link #BROADCAST_FLAG} is defined
 * @param chaddr the 16-byte client hardware address field (shorter input is zero-padded)
 */
public record DhcpPacket(
        int op,
        int htype,
        int hlen,
        int hops,
        int xid,
        int secs,
        int flags,
        Inet4Address ciaddr,
        Inet4Address yiaddr,
        Inet4Address siaddr,
        Inet4Address giaddr,
        byte[] chaddr,
        String sname,
        String file,
        DhcpOptions options) {

    public static final int BOOTREQUEST = 1;
    public static final int BOOTREPLY = 2;
    public static final int HTYPE_ETHERNET = 1;
    public static final int BROADCAST_FLAG = 0x8000;
    public static final int CHADDR_LENGTH = 16;

    public DhcpPacket {
        if (op != BOOTREQUEST && op != BOOTREPLY) {
            throw new IllegalArgumentException("op " + op + " is neither BOOTREQUEST (1) nor BOOTREPLY (2)");
        }
        checkRange("htype", htype, 0xFF);
        checkRange("hlen", hlen, CHADDR_LENGTH);
        checkRange("hops", hops, 0xFF);
        checkRange("secs", secs, 0xFFFF);
        checkRange("flags", flags, 0xFFFF);
        Objects.requireNonNull(ciaddr, "ciaddr");
        Objects.requireNonNull(yiaddr, "yiaddr");
        Objects.requireNonNull(siaddr, "siaddr");
        Objects.requireNonNull(giaddr, "giaddr");
        Objects.requireNonNull(chaddr, "chaddr");
        if (chaddr.length > CHADDR_LENGTH) {
            throw new IllegalArgumentException("chaddr is " + chaddr.length + " bytes; the field holds " + CHADDR_LENGTH);
        }
        chaddr = Arrays.copyOf(chaddr, CHADDR_LENGTH);
        Objects.requireNonNull(sname, "sname");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
    }

    private static void checkRange(String name, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(name + " " + value + " is outside 0.." + max);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this packet's fields, the usual start for a reply. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    @Override
    public byte[] chaddr() {
        return chaddr.clone();
    }

    /** The first {@code hlen} bytes of chaddr. */
    public byte[] hardwareAddress() {
        return Arrays.copyOf(chaddr, hlen);
    }

    /** The MAC when the hardware is Ethernet (htype 1, hlen 6). */
    public Optional<byte[]> macAddress() {
        return isEthernet() ? Optional.of(Arrays.copyOf(chaddr, 6)) : Optional.empty();
    }

    /** The MAC as "52:54:00:12:34:56" when the hardware is Ethernet. */
    public Optional<String> macString() {
        return isEthernet() ? Optional.of(Bytes.hex(chaddr, 0, 6, ":")) : Optional.empty();
    }

    private boolean isEthernet() {
        return htype == HTYPE_ETHERNET && hlen == 6;
    }

    public boolean isBroadcast() {
        return (flags & BROADCAST_FLAG) != 0;
    }

    /** Shortcut for {@code options().messageType()}. */
    public Optional<DhcpMessageType> messageType() {
        return options.messageType();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof DhcpPacket p
                && op == p.op && htype == p.htype && hlen == p.hlen && hops == p.hops && xid == p.xid
                && secs == p.secs && flags == p.flags
                && ciaddr.equals(p.ciaddr) && yiaddr.equals(p.yiaddr) && siaddr.equals(p.siaddr)
                && giaddr.equals(p.giaddr) && Arrays.equals(chaddr, p.chaddr)
                && sname.equals(p.sname) && file.equals(p.file) && options.equals(p.options);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(op, htype, hlen, hops, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr, sname, file, options);
        return 31 * h + Arrays.hashCode(chaddr);
    }

    @Override
    public String toString() {
        return "DhcpPacket[op=" + op + ", htype=" + htype + ", hlen=" + hlen + ", hops=" + hops
                + ", xid=0x" + Integer.toHexString(xid) + ", secs=" + secs + ", flags=0x" + Integer.toHexString(flags)
                + ", ciaddr=" + ciaddr.getHostAddress() + ", yiaddr=" + yiaddr.getHostAddress()
                + ", siaddr=" + siaddr.getHostAddress() + ", giaddr=" + giaddr.getHostAddress()
                + ", chaddr=" + Bytes.hex(chaddr, 0, hlen, ":") + ", sname=\"" + sname + "\", file=\"" + file
                + "\", options=" + options + "]";
    }

    /** Starts from an all-zero Ethernet BOOTREQUEST with no options. */
    public static final class Builder {
        private int op = BOOTREQUEST;
        private int htype = HTYPE_ETHERNET;
        private int hlen = 6;
        private int hops;
        private int xid;
        private int secs;
        private int flags;
        private Inet4Address ciaddr = Bytes.ANY;
        private Inet4Address yiaddr = Bytes.ANY;
        private Inet4Address siaddr = Bytes.ANY;
        private Inet4Address giaddr = Bytes.ANY;
        private byte[] chaddr = new byte[CHADDR_LENGTH];
        private String sname = "";
        private String file = "";
        private DhcpOptions options = DhcpOptions.empty();

        private Builder() {
        }

        private Builder(DhcpPacket p) {
            op = p.op;
            htype = p.htype;
            hlen = p.hlen;
            hops = p.hops;
            xid = p.xid;
            secs = p.secs;
            flags = p.flags;
            ciaddr = p.ciaddr;
            yiaddr = p.yiaddr;
            siaddr = p.siaddr;
            giaddr = p.giaddr;
            chaddr = p.chaddr.clone();
            sname = p.sname;
            file = p.file;
            options = p.options;
        }

        public Builder op(int op) {
            this.op = op;
            return this;
        }

        public Builder htype(int htype) {
            this.htype = htype;
            return this;
        }

        public Builder hlen(int hlen) {
            this.hlen = hlen;
            return this;
        }

        public Builder hops(int hops) {
            this.hops = hops;
            return this;
        }

        public Builder xid(int xid) {
            this.xid = xid;
            return this;
        }

        public Builder secs(int secs) {
            this.secs = secs;
            return this;
        }

        public Builder flags(int flags) {
            this.flags = flags;
            return this;
        }

        public Builder broadcast(boolean broadcast) {
            flags = broadcast ? flags | BROADCAST_FLAG : flags & ~BROADCAST_FLAG;
            return this;
        }

        public Builder ciaddr(Inet4Address a) {
            ciaddr = a;
            return this;
        }

        public Builder yiaddr(Inet4Address a) {
            yiaddr = a;
            return this;
        }

        public Builder siaddr(Inet4Address a) {
            siaddr = a;
            return this;
        }

        public Builder giaddr(Inet4Address a) {
            giaddr = a;
            return this;
        }

        public Builder chaddr(byte[] chaddr) {
            this.chaddr = chaddr.clone();
            return this;
        }

        /** Sets an Ethernet MAC: htype 1, hlen 6 and the address. */
        public Builder macAddress(byte[] mac) {
            if (mac.length != 6) {
                throw new IllegalArgumentException("an Ethernet MAC is 6 bytes, not " + mac.length);
            }
            htype = HTYPE_ETHERNET;
            hlen = 6;
            chaddr = Arrays.copyOf(mac, CHADDR_LENGTH);
            return this;
        }

        public Builder sname(String sname) {
            this.sname = sname;
            return this;
        }

        public Builder file(String file) {
            this.file = file;
            return this;
        }

        public Builder options(DhcpOptions options) {
            this.options = options;
            return this;
        }

        public DhcpPacket build() {
            return new DhcpPacket(op, htype, hlen, hops, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr, chaddr,
                    sname, file, options);
        }
    }
}
