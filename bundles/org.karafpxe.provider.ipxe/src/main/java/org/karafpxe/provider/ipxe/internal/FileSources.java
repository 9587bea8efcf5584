package org.karafpxe.provider.ipxe.internal;

import java.util.Hashtable;
import org.karafpxe.api.BootFileSource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * Registers this bundle's boot file sources with rankings of their own. They share the provider's
 * configuration, and Declarative Services would publish every key of it as a service property,
 * the provider's {@code service.ranking} included: the sources would then move with the provider
 * in the TFTP server's order (the firmware above the boot file directory). Registered by hand,
 * they keep their ranking whatever the file says.
 */
final class FileSources {

    private FileSources() {
    }

    static ServiceRegistration<BootFileSource> register(BundleContext context, BootFileSource source, int ranking) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, ranking);
        properties.put(Constants.SERVICE_DESCRIPTION, source.toString());
        return context.registerService(BootFileSource.class, source, properties);
    }

    static void unregister(ServiceRegistration<?> registration) {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // Already gone with the bundle.
        }
    }
}
