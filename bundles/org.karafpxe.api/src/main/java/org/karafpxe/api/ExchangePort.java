package org.karafpxe.api;

/** Which of the two PXE exchanges a request arrived on. */
public enum ExchangePort {
    /** The DHCP port (67): the client's DISCOVER/REQUEST, answered with a proxy offer. */
    PROXY_DHCP,
    /** The PXE boot server port (4011, "BINL"): the client's REQUEST for its boot file. */
    PXE_BOOT_SERVER
}
