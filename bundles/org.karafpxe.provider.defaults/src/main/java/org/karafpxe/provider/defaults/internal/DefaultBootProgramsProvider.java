package org.karafpxe.provider.defaults.internal;

import java.util.Map;
import org.karafpxe.api.BootAnswer;
import org.karafpxe.api.BootPrograms;
import org.karafpxe.api.BootProvider;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every PXE client with the default boot program of its architecture; passes clients of
 * architectures with none configured. Configured in {@code etc/org.karafpxe.provider.defaults.cfg}.
 */
@Component(configurationPid = DefaultBootProgramsProvider.PID,
        property = {BootProvider.NAME + "=defaults", "service.ranking:Integer=100",
            "bootfile.x86-bios=undionly.kpxe", "bootfile.x64-uefi=snponly.efi"})
@Designate(ocd = DefaultBootProgramsProvider.Config.class)
public final class DefaultBootProgramsProvider implements BootProvider {
    static final String PID = "org.karafpxe.provider.defaults";
    private static final Logger LOG = LoggerFactory.getLogger(DefaultBootProgramsProvider.class);

    @ObjectClassDefinition(name = "Karaf PXE default boot programs",
            description = "Boot program per architecture, as bootfile.<architecture> = <path> "
                    + "(for example bootfile.x64-uefi = snponly.efi), and bootfile.ipxe for iPXE clients.")
    @interface Config {
        @AttributeDefinition(name = "service.ranking", description = "Place in the provider chain; higher is asked first.")
        int service_ranking() default 100;

        @AttributeDefinition(description = "Boot program of x86 BIOS clients.")
        String bootfile_x86$_$bios() default "undionly.kpxe";

        @AttributeDefinition(description = "Boot program of x64 UEFI clients.")
        String bootfile_x64$_$uefi() default "snponly.efi";
    }

    private volatile BootPrograms programs = BootPrograms.from(Map.of());

    @Activate
    @Modified
    void configure(Map<String, Object> properties) {
        BootPrograms next = BootPrograms.from(properties);
        next.problems().forEach(p -> LOG.error("etc/{}.cfg: {}", PID, p));
        programs = next;
        LOG.info("Default boot programs: {}{}", next.byArchitecture(),
                next.ipxe().map(f -> ", iPXE clients: " + f).orElse(""));
    }

    /** Its answer comes from its configuration alone. */
    @Override
    public boolean decidesWithoutBlocking(BootRequest request) {
        return true;
    }

    @Override
    public Decision decide(BootRequest request) {
        return programs.forRequest(request)
                .map(file -> Decision.service(BootAnswer.forProgram(file), (request.isIpxe() && programs.ipxe().isPresent()
                        ? "iPXE client" : request.architecture().key() + " default") + ": " + file))
                .orElseGet(() -> Decision.pass("no default boot program for " + request.architecture().key()));
    }
}
