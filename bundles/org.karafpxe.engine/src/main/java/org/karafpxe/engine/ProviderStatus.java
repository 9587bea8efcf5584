package org.karafpxe.engine;

/**
 * A provider's place in the chain and what it has said so far.
 *
 * @param position  1 for the provider asked first
 * @param name      the provider's name
 * @param ranking   its service ranking
 * @param serviceId its OSGi service id
 * @param bundle    the providing bundle's symbolic name and id, e.g. {@code org.karafpxe.provider.defaults [52]}
 */
public record ProviderStatus(int position, String name, int ranking, long serviceId, String bundle,
        long service, long ignore, long pass, long errors, long timeouts) {
}
