package org.karafpxe.api;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where the file servers (TFTP, HTTP) find boot files: a whiteboard of services, asked in order
 * of {@code service.ranking}, highest first, until one has the file. The configured boot file
 * directory is one source; other bundles serve generated per-client files (iPXE scripts) by
 * registering their own.
 */
@ConsumerType
public interface BootFileSource {

    /**
     * Opens a file for a client.
     *
     * @param path   the requested name, normalised: {@code /} separators, no leading {@code /},
     *               no {@code .} or {@code ..} components, as the client spelled it otherwise
     * @param client the client's address, for sources whose content depends on the client
     * @return the open file, or empty when this source does not have it
     * @throws SecurityException when the source has the name but refuses it (outside its root)
     */
    Optional<BootFile> open(String path, InetSocketAddress client) throws IOException;
}
