package org.karafpxe.http.internal;

import org.karafpxe.api.BootFileName;

/**
 * A requested name over HTTP: the URL's leading {@code /} dropped (so it does not count against
 * the length limit), then the rules every file server shares ({@link BootFileName}), so the same
 * name passes or fails here and over TFTP.
 */
final class BootPath {

    private BootPath() {
    }

    /** Checks the servlet's decoded path info (after the servlet's path; null for none). */
    static BootFileName check(String pathInfo) {
        String name = pathInfo != null && pathInfo.startsWith("/") ? pathInfo.substring(1) : pathInfo;
        return BootFileName.check(name, BootFileName.MAX_LENGTH);
    }

    /** The HTTP status a refused name is answered with: 404 for a name of nothing, else 403. */
    static int status(BootFileName.Refused refused) {
        return refused.notFound() ? 404 : 403;
    }
}
