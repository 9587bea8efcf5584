package org.karafpxe.web.internal;

import org.karafpxe.dhcp.service.DhcpService;
import org.karafpxe.engine.BootChain;
import org.karafpxe.http.HttpBootFiles;
import org.karafpxe.store.AuditTrail;
import org.karafpxe.store.PendingDevices;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.StoreStatistics;
import org.karafpxe.tftp.TftpService;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The server's services as they are now: each may be absent (its bundle stopped, the store
 * restarting), and the API says so rather than failing.
 */
interface Services {
    BootChain chain();

    PolicyStore store();

    PendingDevices pending();

    AuditTrail audit();

    StoreStatistics storeStatistics();

    DhcpService dhcp();

    TftpService tftp();

    HttpBootFiles http();

    ConfigurationAdmin configurationAdmin();
}
