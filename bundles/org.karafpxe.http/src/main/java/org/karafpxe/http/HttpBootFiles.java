package org.karafpxe.http;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The HTTP boot-file server: the requests it answered last. */
@ProviderType
public interface HttpBootFiles {

    /** How many answered requests the server keeps. */
    int RECENT_KEPT = 256;

    /** The requests answered last, newest first, at most {@code limit} (at most {@value #RECENT_KEPT} are kept). */
    List<HttpFetch> recentFetches(int limit);
}
