package com.example.pxe.lab;

import org.karafpxe.api.BootAnswer;
import org.karafpxe.api.BootProvider;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Sends the lab's machines, known by the start of their MAC, to the lab's boot program, and passes
 * every other machine on to the next provider. Its place in the chain is the {@code service.ranking}
 * in {@code etc/com.example.pxe.lab.cfg}.
 */
@Component(configurationPid = LabProvider.PID, property = BootProvider.NAME + "=lab")
@Designate(ocd = LabProvider.Config.class)
public final class LabProvider implements BootProvider {

    static final String PID = "com.example.pxe.lab";

    @ObjectClassDefinition(name = "Lab machines provider")
    @interface Config {
        @AttributeDefinition(name = "mac.prefix", description = "The start of the lab machines' MACs, e.g. 52:54:00")
        String mac_prefix() default "52:54:00";

        @AttributeDefinition(description = "The lab's boot program")
        String bootfile() default "lab/snponly.efi";
    }

    private volatile String macPrefix;
    private volatile String bootFile;

    @Activate
    @Modified
    void configure(Config config) {
        macPrefix = config.mac_prefix().trim().toLowerCase().replace('-', ':');
        bootFile = config.bootfile().trim();
    }

    @Override
    public Decision decide(BootRequest request) {
        if (request.mac().toString().startsWith(macPrefix)) {
            return Decision.service(BootAnswer.forProgram(bootFile), "lab machine (MAC starts with " + macPrefix + ")");
        }
        return Decision.pass("not a lab machine");
    }
}
