/**
 * The DHCP responder as a service: its listeners and what it has done with the packets it
 * received ({@link org.karafpxe.dhcp.service.DhcpService#statistics()}), for the console and for
 * monitoring. The packet codec is {@link org.karafpxe.dhcp}, which needs nothing beyond the JDK.
 */
@Export
@Version("1.0.0")
package org.karafpxe.dhcp.service;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
