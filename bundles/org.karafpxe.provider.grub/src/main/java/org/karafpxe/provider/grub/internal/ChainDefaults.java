package org.karafpxe.provider.grub.internal;

import java.util.Map;
import java.util.Optional;
import org.karafpxe.api.BootPrograms;
import org.karafpxe.api.BootRequest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/**
 * The boot program a prestaged device without one of its own gets for its architecture: the
 * prestaged provider's {@code bootfile.<architecture>}, else the answer policy's. Read from their
 * files (the later configuration wins where both set one), so that choosing the signed chain for
 * an architecture is one line in the place an operator already sets boot programs. Their problems
 * are logged by their own providers.
 */
@Component(service = ChainDefaults.class,
        configurationPid = {"org.karafpxe.provider.policy", "org.karafpxe.provider.prestaged"})
public final class ChainDefaults {
    private volatile BootPrograms programs = BootPrograms.from(Map.of());

    @Activate
    public ChainDefaults(Map<String, Object> properties) {
        modified(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        programs = BootPrograms.from(properties);
    }

    Optional<String> programFor(BootRequest request) {
        return programs.forRequest(request);
    }
}
