package org.karafpxe.dhcp;

/**
 * A value does not fit its place in the packet. Thrown instead of truncating, because firmware
 * handed a cut-off boot file name or vendor option fails in ways that are hard to trace.
 */
public class DhcpEncodeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final int size;
    private final int limit;

    public DhcpEncodeException(String field, int size, int limit, String message) {
        super(message);
        this.field = field;
        this.size = size;
        this.limit = limit;
    }

    /** What did not fit, e.g. "sname", "file", "option 43 (VENDOR_SPECIFIC)". */
    public String field() {
        return field;
    }

    /** The encoded size in bytes of the offending value. */
    public int size() {
        return size;
    }

    /** The largest size that would have been accepted. */
    public int limit() {
        return limit;
    }
}
