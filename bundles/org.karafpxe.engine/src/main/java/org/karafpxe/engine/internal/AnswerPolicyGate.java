package org.karafpxe.engine.internal;

import java.util.Map;
import org.karafpxe.support.ConfigValues;
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
    static final String MODE = "mode";
    static final String NONE = "none";
    private static final Logger LOG = LoggerFactory.getLogger(AnswerPolicyGate.class);

    private volatile boolean outOfService;

    /** A gate from the policy's configuration. */
    static AnswerPolicyGate of(Map<String, ?> properties) {
        AnswerPolicyGate gate = new AnswerPolicyGate();
        gate.outOfService = isNone(properties);
        return gate;
    }

    @Activate
    @Modified
    void configure(Map<String, Object> properties) {
        boolean was = outOfService;
        outOfService = isNone(properties);
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

    private static boolean isNone(Map<String, ?> properties) {
        String mode = new ConfigValues(properties).text(MODE);
        return mode != null && mode.equalsIgnoreCase(NONE);
    }
}
