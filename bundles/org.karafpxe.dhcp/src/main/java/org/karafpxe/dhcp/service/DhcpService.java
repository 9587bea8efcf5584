package org.karafpxe.dhcp.service;

/** The running ProxyDHCP / PXE boot server responder, as the console sees it. */
public interface DhcpService {

    /** Its listeners and what it has done with the packets it received. */
    DhcpStatistics statistics();
}
