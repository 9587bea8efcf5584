/**
 * TFTP (RFC 1350) packets with option negotiation (RFC 2347-2349, 7440), their codec, and the
 * {@link org.karafpxe.tftp.BlockSource} a boot file is read through.
 *
 * <p>Decoding never throws on packet content: bad input becomes a
 * {@link org.karafpxe.tftp.DecodeResult.Malformed}. The package needs nothing beyond the JDK at
 * run time, so plain unit tests and fuzzers can use it on their own.
 */
@Export
@Version("1.2.0")
package org.karafpxe.tftp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
