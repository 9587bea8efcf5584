/**
 * Reading a component's configuration as an operator writes it in a {@code .cfg} file: typed values
 * with their defaults, and a clear word on every value that was refused.
 */
@Export
@Version("1.1.0")
package org.karafpxe.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
