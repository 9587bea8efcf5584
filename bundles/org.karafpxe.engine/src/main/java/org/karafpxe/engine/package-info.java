/** The provider chain as a service: ask it for a decision, list its providers and counts. */
@Export
@Version("1.6.0")
package org.karafpxe.engine;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
