package org.karafpxe.provider.grub.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The signed chain's files, {@code etc/org.karafpxe.provider.grub.files.cfg}: each setting's one
 * declaration, checked by {@link org.karafpxe.support.CheckedConfig} and {@link GrubSettings}.
 */
@ObjectClassDefinition(name = "Karaf PXE signed chain files",
        description = "Debian's signed shim and GRUB served as grub/shimx64.efi and grub/grubx64.efi, GRUB's "
                + "configuration per machine (its boot task), and the press-a-key prompt before a task.")
@interface GrubFilesConfig {
    String PID = "org.karafpxe.provider.grub.files";

    @AttributeDefinition(name = "shim.file", description = "shim signed by Microsoft's UEFI CA: Debian's "
            + "shim-signed package.")
    String shim_file() default "/usr/lib/shim/shimx64.efi.signed";

    /* Debian's grub-efi-amd64-signed package: GRUB built for network boot. */
    @AttributeDefinition(name = "grub.file", description = "The network GRUB signed by Debian, which shim "
            + "trusts: Debian's grub-efi-amd64-signed package.")
    String grub_file() default "/usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed";

    @AttributeDefinition(name = "prompt.timeout.s", min = "0", max = "600", description = "Seconds a machine with "
            + "a boot task waits in GRUB for Esc before its task runs; without it the machine restarts and that "
            + "boot goes on to its next boot device (0-600; 0: no prompt, the task runs at once).")
    int prompt_timeout_s() default 0;

    /* GRUB's sleep --interruptible ends on Esc. */
    @AttributeDefinition(name = "prompt.text", description = "What the prompt says (one line).")
    String prompt_text() default "Press Esc for network boot";
}
