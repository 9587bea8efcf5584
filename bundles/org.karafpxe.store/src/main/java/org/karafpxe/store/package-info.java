/**
 * The policy store: prestaged devices (known machines, by SMBIOS GUID or MAC) with their boot
 * program, referral server and boot task, the banned GUIDs, and the GUID sightings that reveal
 * GUIDs shared by several machines. Obtain a {@link org.karafpxe.store.PolicyStore} as an OSGi
 * service; all values are immutable and every failure is a {@link org.karafpxe.store.StoreException}.
 */
@Export
@Version("1.8.0")
package org.karafpxe.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
