/**
 * BOOTP/DHCP (RFC 2131/2132) packet codec with the PXE and iPXE options a network-boot server
 * reads and writes.
 *
 * <p>{@link org.karafpxe.dhcp.DhcpCodec} turns datagrams into immutable {@link
 * org.karafpxe.dhcp.DhcpPacket} values and back. Decoding never throws on packet content: bad
 * input becomes a {@link org.karafpxe.dhcp.DecodeResult.Malformed} with a {@link
 * org.karafpxe.dhcp.DropReason}, because a server on a shared segment sees whatever anyone
 * broadcasts. Encoding throws {@link org.karafpxe.dhcp.DhcpEncodeException} rather than emit a
 * truncated packet that firmware would misread.
 *
 * <p>The package needs nothing beyond the JDK at run time (the annotations below are read at
 * build time), so that plain unit tests and fuzzers can use it on their own.
 */
@Export
@Version("2.0.0")
package org.karafpxe.dhcp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
