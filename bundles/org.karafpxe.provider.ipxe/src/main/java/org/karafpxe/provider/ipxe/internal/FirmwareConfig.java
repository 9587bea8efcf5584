package org.karafpxe.provider.ipxe.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Where Debian's iPXE builds are served from, {@code etc/org.karafpxe.provider.ipxe.firmware.cfg}: each
 * setting's one declaration, checked by {@link org.karafpxe.support.CheckedConfig} and
 * {@link FirmwareSettings}.
 */
@ObjectClassDefinition(name = "Karaf PXE iPXE builds",
        description = "Debian's iPXE builds (undionly.kpxe, snponly.efi, ...) served by name, read-only, after the "
                + "boot file directory.")
@interface FirmwareConfig {
    String PID = "org.karafpxe.provider.ipxe.firmware";

    /* Debian's (and Ubuntu's) ipxe package. */
    @AttributeDefinition(name = "firmware.dir", description = "Where Debian's ipxe package puts the iPXE builds.")
    String firmware_dir() default "/usr/lib/ipxe";

    @AttributeDefinition(name = "firmware.files", description = "The iPXE builds served from firmware.dir by "
            + "name, separated by commas.")
    String firmware_files() default "undionly.kpxe, undionly.kkpxe, ipxe.pxe, snponly.efi, ipxe.efi";
}
