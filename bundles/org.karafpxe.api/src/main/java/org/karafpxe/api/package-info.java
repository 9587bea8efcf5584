/**
 * The boot provider SPI: what a provider bundle implements ({@link org.karafpxe.api.BootProvider})
 * and the immutable values it reads and returns.
 */
@Export
@Version("1.8.0")
package org.karafpxe.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
