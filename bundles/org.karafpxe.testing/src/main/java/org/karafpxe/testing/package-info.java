/**
 * Test helpers for code that uses Karaf PXE's services, above all boot providers:
 * {@link org.karafpxe.testing.InMemoryPolicyStore}, a policy store in memory that behaves as the
 * server's. Use it with the API's {@code BootRequest.builder} to unit-test a provider without a
 * server. Meant for the test class path; the bundle is not part of the server.
 */
@Export
@Version("1.0.0")
package org.karafpxe.testing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
