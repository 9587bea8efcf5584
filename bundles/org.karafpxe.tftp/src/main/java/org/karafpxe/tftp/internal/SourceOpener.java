package org.karafpxe.tftp.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.karafpxe.api.BootFile;
import org.karafpxe.api.BootFileSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the boot file sources for a name, highest ranking first; the first that has it wins. A source that
 * fails is logged and skipped, like a provider that throws in the chain, so one broken source cannot hide
 * the files of the others. Runs off the event loop: a source may be slow.
 */
final class SourceOpener {
    private static final Logger LOG = LoggerFactory.getLogger(SourceOpener.class);

    private SourceOpener() {
    }

    static OpenResult open(List<BootFileSource> sources, String name, InetSocketAddress client) {
        String failure = null;
        for (BootFileSource source : sources) {
            try {
                Optional<BootFile> file = source.open(name, client);
                if (file != null && file.isPresent()) {
                    return new OpenResult.Opened(file.get(), source.toString(), source instanceof FolderSource);
                }
            } catch (SecurityException e) {
                String message = e.getMessage();
                return new OpenResult.Refused(message == null || message.isBlank() ? "Access violation" : message);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Boot file source {} failed to open '{}' for {}: {}", source, name, client, e.toString());
                failure = e.toString();
            }
        }
        return failure == null ? new OpenResult.NotFound() : new OpenResult.Failed(failure);
    }
}
