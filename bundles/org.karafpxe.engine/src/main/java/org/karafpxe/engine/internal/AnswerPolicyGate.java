package org.karafpxe.engine.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server-wide switch of the answer policy: {@code mode = none} in the policy's configuration
 * ({@value #PID}) takes the whole server out of service, as WDS's "do not respond to any client
 * computers" does. No provider can override it, so the chain checks it before asking any, rather
 * than each provider checking it. The policy's other settings are the policy provider's; this reads
 * the mode only, and leaves reporting a mode it does not know to that provider.
 */
@Component(service = AnswerPolicyGate.class, configurationPid = AnswerPolicyGate.PID)
public final class AnswerPolicyGate {
    static final String PID = "org.karafpxe.provider.policy";
    static final String NONE = "none";
    private static final Logger LOG = LoggerFactory.getLogger(AnswerPolicyGate.class);

    private volatile boolean outOfService;

    /** The one setting of the policy's configuration that the gate reads (the policy provider declares it). */
    @interface Mode {
        String mode() default "all";
    }

    /** A gate in the given mode. */
    static AnswerPolicyGate of(String mode) {
        AnswerPolicyGate gate = new AnswerPolicyGate();
        gate.outOfService = mode.trim().equalsIgnoreCase(NONE);
        return gate;
    }

    @Activate
    @Modified
    void configure(Mode config) {
        boolean was = outOfService;
        outOfService = config.mode().trim().equalsIgnoreCase(NONE);
        if (outOfService && !was) {
            LOG.warn("Answer policy none (etc/{}.cfg): this server is out of service and answers no PXE client, "
                    + "prestaged devices and boot tasks included, until the mode is all or known", PID);
        } else if (was && !outOfService) {
            LOG.info("Answer policy no longer none: PXE clients are answered again");
        }
    }

    boolean outOfService() {
        return outOfService;
    }
}
