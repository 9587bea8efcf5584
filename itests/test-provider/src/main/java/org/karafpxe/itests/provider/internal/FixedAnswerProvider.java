package org.karafpxe.itests.provider.internal;

import org.karafpxe.api.BootAnswer;
import org.karafpxe.api.BootProvider;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Answers every client with one configured boot file. Its ranking comes from
 * {@code etc/org.karafpxe.itests.provider.cfg}, as a third-party provider's would.
 */
@Component(configurationPid = "org.karafpxe.itests.provider", property = BootProvider.NAME + "=hot-deployed")
@Designate(ocd = FixedAnswerProvider.Config.class)
public final class FixedAnswerProvider implements BootProvider {

    @ObjectClassDefinition(name = "Karaf PXE test provider")
    @interface Config {
        String bootfile() default "hot-deployed.efi";
    }

    private volatile String bootFile;

    @Activate
    @Modified
    void configure(Config config) {
        bootFile = config.bootfile();
    }

    @Override
    public Decision decide(BootRequest request) {
        return Decision.service(BootAnswer.of(bootFile), "fixed answer");
    }
}
