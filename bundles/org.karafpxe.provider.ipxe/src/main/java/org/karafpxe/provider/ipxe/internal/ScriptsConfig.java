package org.karafpxe.provider.ipxe.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The iPXE scripts' configuration, {@code etc/org.karafpxe.provider.ipxe.scripts.cfg}: each setting's one
 * declaration, checked by {@link org.karafpxe.support.CheckedConfig}. The families
 * {@code localboot.<architecture>}, {@code localboot.device.<name>} and {@code prompt.device.<name>} are read
 * by {@link LocalBootScript} and {@link NetworkBootPrompt}.
 */
@ObjectClassDefinition(name = "Karaf PXE iPXE scripts",
        description = "The scripts iPXE clients get: a prestaged device's boot task, else the local-boot script "
                + "(localboot.<architecture> = <iPXE command> sets one architecture's line, "
                + "localboot.device.<name> one device's), the press-a-key prompt and architecture discovery.")
@interface ScriptsConfig {
    String PID = "org.karafpxe.provider.ipxe.scripts";

    @AttributeDefinition(name = "localboot", description = "The iPXE command of the local-boot script: exit 1 (the "
            + "firmware tries its next boot device), exit, sanboot --no-describe --drive 0x80, or another single line.")
    String localboot() default LocalBootScript.DEFAULT_LINE;

    @AttributeDefinition(name = "oneshot.grace.s", min = "0", max = "3600", description = "Seconds a client that "
            + "fetched a one-shot script is given the same script again when it asks again (0-3600).")
    int oneshot_grace_s() default 0;

    @AttributeDefinition(name = "prompt.timeout.s", min = "0", max = "600", description = "Seconds the press-a-key "
            + "prompt waits before a prestaged machine with a boot task goes on as its prompt policy says (0-600; 0: "
            + "no prompt, the task runs at once).")
    int prompt_timeout_s() default 0;

    @AttributeDefinition(name = "prompt.known", description = "The prompt policy of prestaged machines (WDS's "
            + "PxePromptPolicy): optin, the task runs only when the key is pressed, else the machine boots "
            + "locally; optout, the task runs unless the key is pressed; noprompt, the task runs at once. "
            + "prompt.device.<name> sets one device's policy.",
            options = {@Option(label = "optin", value = "optin"), @Option(label = "optout", value = "optout"),
                @Option(label = "noprompt", value = "noprompt")})
    String prompt_known() default "optin";

    @AttributeDefinition(name = "prompt.key", description = "The key, as iPXE's prompt --key takes it (F12: "
            + "0x197e, Esc: 0x1b); empty: F12 for opt-in, Esc for opt-out.")
    String prompt_key() default "";

    @AttributeDefinition(name = "prompt.text", description = "What the prompt says; empty: 'Press F12 for "
            + "network boot' for opt-in, 'Press Esc to boot from the disk instead' for opt-out.")
    String prompt_text() default "";

    @AttributeDefinition(name = "discovery.x64-bios", description = "Architecture discovery: the boot program "
            + "for BIOS machines whose CPU runs 64-bit code (given ipxe/discover.ipxe first).")
    String discovery_x64$_$bios() default "";

    @AttributeDefinition(name = "discovery.x86-bios", description = "Architecture discovery: the boot program "
            + "for BIOS machines with a 32-bit CPU.")
    String discovery_x86$_$bios() default "";

    /* WDS's PollInterval. */
    @AttributeDefinition(name = "approval.poll.s", min = "1", max = "300", description = "Seconds a machine "
            + "waiting for approval (approval in etc/org.karafpxe.provider.policy.cfg) waits before it asks this "
            + "server again (1-300).")
    int approval_poll_s() default 10;

    /* WDS's PollInterval times MaxRetry: 10 s, 2160 times. */
    @AttributeDefinition(name = "approval.timeout.s", min = "10", max = "604800", description = "Seconds a "
            + "machine waits for approval before it boots its next device (10-604800); it waits again at its "
            + "next boot.")
    int approval_timeout_s() default 21600;
}
