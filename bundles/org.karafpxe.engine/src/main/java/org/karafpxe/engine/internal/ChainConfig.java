package org.karafpxe.engine.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The chain's configuration, {@code etc/org.karafpxe.engine.cfg}; validated by {@link ChainSettings}. */
@ObjectClassDefinition(name = "Karaf PXE provider chain",
        description = "Time budgets of the boot provider chain.")
@interface ChainConfig {

    @AttributeDefinition(description = "Longest one provider may take for one request, in ms (1-60000); "
            + "past it the provider counts as PASS and the next one is asked.")
    long provider_budget_ms() default ChainSettings.DEFAULT_PROVIDER_BUDGET;

    @AttributeDefinition(description = "Longest the whole chain may take for one request, in ms (1-60000); "
            + "keep it well inside the client's timeout (PXE firmware retries after 4 s).")
    long chain_deadline_ms() default ChainSettings.DEFAULT_CHAIN_DEADLINE;

    @AttributeDefinition(description = "Requests whose providers are being asked at once, one worker each (1-4096).")
    int workers_max() default ChainSettings.DEFAULT_MAX_WORKERS;

    @AttributeDefinition(description = "How many recent decisions pxe:requests can show (1-1000000).")
    int history_size() default ChainSettings.DEFAULT_HISTORY_SIZE;

    @AttributeDefinition(description = "Ask providers that say they decide "
            + "a request without blocking on the socket thread that received it, sparing the hand-over to a worker "
            + "(true or false; false asks every provider on a worker).")
    boolean decide_on_socket_thread() default true;

    @AttributeDefinition(name = "fallthrough.seconds", description = "How long a machine this server sent to its "
            + "next boot device (no task) has its later network boot options of the same boot (UEFI HTTP boot) "
            + "answered with a URL that fails at once, so that it reaches its disk without waiting them out "
            + "(0-3600 s; 0 turns it off).")
    long fallthrough_seconds() default ChainSettings.DEFAULT_FALL_THROUGH_SECONDS;

    @AttributeDefinition(name = "fallthrough.http.port", description = "The port of that URL: this server's "
            + "HTTP port, which answers it 'not found' at once (1-65535).")
    int fallthrough_http_port() default ChainSettings.DEFAULT_FALL_THROUGH_HTTP_PORT;
}
