package org.karafpxe.engine.internal;

import java.util.Comparator;
import org.karafpxe.api.BootProvider;

/**
 * A provider as the chain holds it. The counters outlive ranking changes: an updated entry keeps
 * the counters of the one it replaces.
 */
record ProviderEntry(BootProvider provider, String name, int ranking, long serviceId, String bundle,
        Counters counters) {

    /** Chain order: highest ranking first, then the older service (lower id), as OSGi ranks. */
    static final Comparator<ProviderEntry> CHAIN_ORDER = Comparator
            .comparingInt(ProviderEntry::ranking).reversed()
            .thenComparingLong(ProviderEntry::serviceId);

    ProviderEntry withRanking(int newRanking) {
        return new ProviderEntry(provider, name, newRanking, serviceId, bundle, counters);
    }
}
