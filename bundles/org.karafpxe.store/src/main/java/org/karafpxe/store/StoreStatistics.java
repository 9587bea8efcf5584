package org.karafpxe.store;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * How the store's database calls went: for the metrics.
 *
 * @since 1.7
 */
@ProviderType
public interface StoreStatistics {

    /** Reads, writes and bookkeeping, in that order. */
    List<StoreOperations> operations();
}
