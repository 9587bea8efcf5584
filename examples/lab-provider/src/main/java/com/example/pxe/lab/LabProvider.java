package com.example.pxe.lab;

import java.util.Locale;
import java.util.Optional;
import org.karafpxe.api.BootAnswer;
import org.karafpxe.api.BootProvider;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.store.Device;
import org.karafpxe.store.PolicyStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Sends the lab's machines to the lab's boot program, and passes every other machine on to the
 * next provider. A lab machine is one prestaged in the policy store in the lab's group
 * ({@code pxe:device-add --group lab ...}), whatever its MAC, or, unless
 * {@code serve.unknown = false}, a machine the store does not know whose MAC starts with the lab's
 * prefix. A machine prestaged in another group is left to the other providers, even with a lab MAC.
 *
 * <p>Its place in the chain is the {@code service.ranking} in {@code etc/com.example.pxe.lab.cfg}.
 * The policy store is a service of the server; the provider starts once the store runs.
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

        @AttributeDefinition(description = "The group of the lab's machines in the policy store")
        String group() default "lab";

        @AttributeDefinition(name = "serve.unknown", description = "Whether machines with a lab MAC that are "
                + "not prestaged get the lab's boot program too; false passes them on")
        boolean serve_unknown() default true;
    }

    private final PolicyStore store;

    private volatile String macPrefix;
    private volatile String bootFile;
    private volatile String group;
    private volatile boolean serveUnknown;

    /** Declarative Services calls this with the server's policy store and the configuration. */
    @Activate
    public LabProvider(@Reference PolicyStore store, Config config) {
        this.store = store;
        configure(config);
    }

    @Modified
    void configure(Config config) {
        macPrefix = config.mac_prefix().trim().toLowerCase(Locale.ROOT).replace('-', ':');
        bootFile = config.bootfile().trim();
        group = config.group().trim();
        serveUnknown = config.serve_unknown();
    }

    @Override
    public Decision decide(BootRequest request) {
        // The device the machine was prestaged as: by its GUID, else by its MAC.
        Optional<Device> device = store.match(request.guid(), request.mac());
        if (device.isPresent()) {
            Device d = device.get();
            if (d.group().filter(group::equalsIgnoreCase).isPresent()) {
                return Decision.service(BootAnswer.forProgram(bootFile),
                        "lab machine " + d.name() + " (prestaged in group " + group + ")");
            }
            return Decision.pass("prestaged " + d.name() + ", not in group " + group);
        }
        if (!request.mac().toString().startsWith(macPrefix)) {
            return Decision.pass("not a lab machine");
        }
        if (!serveUnknown) {
            return Decision.pass("MAC starts with " + macPrefix + ", but not prestaged in group " + group);
        }
        return Decision.service(BootAnswer.forProgram(bootFile), "lab machine (MAC starts with " + macPrefix + ")");
    }
}
