package org.karafpxe.engine.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The chain's configuration, {@code etc/org.karafpxe.engine.cfg}: each setting's one declaration, checked by
 * {@link org.karafpxe.support.CheckedConfig} and turned into {@link ChainSettings}.
 */
@ObjectClassDefinition(name = "Karaf PXE provider chain",
        description = "Time budgets of the boot provider chain.")
@interface ChainConfig {

    @AttributeDefinition(min = "1", max = "60000", description = "Longest one provider may take for one request, in ms (1-60000); "
            + "past it the provider counts as PASS and the next one is asked.")
    /*
     * PXE firmware retries DISCOVER after 4 s and iPXE waits about 2 s for proxy offers, so the
     * chain must decide well within 2 s; a quarter second per provider leaves room for several.
     */
    long provider_budget_ms() default 250;

    @AttributeDefinition(min = "1", max = "60000", description = "Longest the whole chain may take for one request, in ms (1-60000); "
            + "keep it well inside the client's timeout (PXE firmware retries after 4 s).")
    long chain_deadline_ms() default 1500;

    @AttributeDefinition(min = "1", max = "4096", description = "Requests whose providers are being asked at once, one worker each (1-4096).")
    int workers_max() default 64;

    @AttributeDefinition(min = "1", max = "1000000", description = "How many recent decisions pxe:requests can show (1-1000000).")
    int history_size() default 1000;

    @AttributeDefinition(description = "Ask providers that say they decide "
            + "a request without blocking on the socket thread that received it, sparing the hand-over to a worker "
            + "(true or false; false asks every provider on a worker).")
    boolean decide_on_socket_thread() default true;

    @AttributeDefinition(min = "0", max = "3600", name = "fallthrough.seconds", description = "How long a machine this server sent to its "
            + "next boot device (no task) has its later network boot options of the same boot (UEFI HTTP boot) "
            + "answered with a URL that fails at once, so that it reaches its disk without waiting them out "
            + "(0-3600 s; 0 turns it off).")
    /* A fall-through from PXE to the last network boot option takes seconds; a new boot ends it sooner. */
    long fallthrough_seconds() default 120;

    @AttributeDefinition(min = "1", max = "65535", name = "fallthrough.http.port", description = "The port of that URL: this server's "
            + "HTTP port, which answers it 'not found' at once (1-65535).")
    int fallthrough_http_port() default 8080;

    @AttributeDefinition(name = "fallthrough.ipxe.builds", description = "iPXE builds, by file name: UEFI "
            + "firmware (PXE over IPv4) about to be sent one of them only for iPXE to be told to boot locally (no task) "
            + "is sent to its next boot device at once instead (abort), without the download, iPXE's own DHCP and its "
            + "script. Comma-separated file names; none turns it off.")
    /* Debian's UEFI builds of iPXE (package ipxe), as the iPXE provider serves them. */
    String fallthrough_ipxe_builds() default "snponly.efi, ipxe.efi, snp.efi";
}
