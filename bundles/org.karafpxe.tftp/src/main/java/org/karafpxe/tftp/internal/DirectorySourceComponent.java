package org.karafpxe.tftp.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.karafpxe.api.BootFile;
import org.karafpxe.api.BootFileSource;
import org.karafpxe.support.CheckedConfig;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boot file directory as a boot file source, at ranking 0 so that any source registered with a higher
 * ranking (generated per-client files) is asked first. Reads {@code root} and {@code case} from the TFTP
 * server's configuration.
 */
@Component(service = BootFileSource.class, configurationPid = TftpSettings.PID,
        property = Constants.SERVICE_RANKING + ":Integer=0")
public final class DirectorySourceComponent implements FolderSource {
    private static final Logger LOG = LoggerFactory.getLogger(DirectorySourceComponent.class);

    private volatile DirectoryFileSource directory;
    private DirectorySettings settings;

    /** The raw properties only name a refused value; see {@link CheckedConfig}. */
    @Activate
    void activate(TftpConfig config, Map<String, Object> properties) {
        configure(CheckedConfig.of(TftpConfig.class, config, properties));
    }

    @Modified
    void modified(TftpConfig config, Map<String, Object> properties) {
        configure(CheckedConfig.of(TftpConfig.class, config, properties));
    }

    private synchronized void configure(CheckedConfig<TftpConfig> checked) {
        DirectorySettings next = DirectorySettings.from(checked, System.getProperty("karaf.base"));
        next.problems().forEach(p -> LOG.error("etc/{}.cfg: {}", TftpSettings.PID, p));
        // The file is shared with the server's settings: an edit of those leaves the directory alone.
        if (settings != null && settings.root().equals(next.root()) && settings.caseMatching() == next.caseMatching()) {
            return;
        }
        settings = next;
        directory = new DirectoryFileSource(next.root(), next.caseMatching());
        if (Files.isDirectory(next.root())) {
            LOG.info("TFTP serves boot files from {} ({} case)", next.root(),
                    next.caseMatching().name().toLowerCase(Locale.ROOT));
        } else {
            LOG.warn("TFTP boot file directory {} does not exist: every request is answered 'File not found' "
                    + "until it is created (root in etc/{}.cfg)", next.root(), TftpSettings.PID);
        }
    }

    @Override
    public Optional<BootFile> open(String path, InetSocketAddress client) throws IOException {
        return directory.open(path, client);
    }

    @Override
    public String toString() {
        DirectoryFileSource current = directory;
        return current == null ? "boot file directory" : current.toString();
    }
}
