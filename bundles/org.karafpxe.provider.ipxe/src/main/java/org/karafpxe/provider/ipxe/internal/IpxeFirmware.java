package org.karafpxe.provider.ipxe.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.karafpxe.api.BootFile;
import org.karafpxe.api.BootFileSource;
import org.karafpxe.support.CheckedConfig;
import org.karafpxe.support.ServedFiles;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the iPXE builds of Debian's {@code ipxe} package by their plain names
 * ({@code undionly.kpxe}, {@code snponly.efi}, ...), so that the policy's defaults work without
 * copying them into the boot file directory. At ranking -100, after that directory (ranking 0):
 * an operator's own build of the same name wins.
 *
 * <p>Only the names in {@code firmware.files} are served, read-only. Symbolic links are followed
 * (Debian's {@code ipxe.efi} links to {@code /boot/ipxe.efi}), but only for those names, and only
 * to a regular file.
 */
@Component(configurationPid = FirmwareConfig.PID, property = Constants.SERVICE_RANKING + ":Integer=-100")
@Designate(ocd = FirmwareConfig.class)
public final class IpxeFirmware implements BootFileSource {
    private static final Logger LOG = LoggerFactory.getLogger(IpxeFirmware.class);

    private volatile FirmwareSettings settings = FirmwareSettings.from(Map.of());

    /** The raw properties only name a refused value; see {@link CheckedConfig}. */
    @Activate
    @Modified
    void configure(FirmwareConfig config, Map<String, Object> properties) {
        apply(CheckedConfig.of(FirmwareConfig.class, config, properties));
    }

    /** For tests: a configuration as Config Admin holds it. */
    void configure(Map<String, ?> properties) {
        apply(CheckedConfig.of(FirmwareConfig.class, null, properties));
    }

    private void apply(CheckedConfig<FirmwareConfig> checked) {
        FirmwareSettings next = FirmwareSettings.from(checked);
        next.problems().forEach(p -> LOG.error("etc/{}.cfg: {}", FirmwareConfig.PID, p));
        settings = next;
        if (!Files.isDirectory(next.dir())) {
            LOG.warn("iPXE builds: {} does not exist, so {} are not served from it; install Debian's ipxe package "
                    + "(apt install ipxe) or set {} in etc/{}.cfg", next.dir(), String.join(", ", next.files()),
                    "firmware.dir", FirmwareConfig.PID);
            return;
        }
        List<String> missing = next.files().stream().filter(f -> !Files.isReadable(next.dir().resolve(f)))
                .collect(Collectors.toList());
        if (missing.size() == next.files().size()) {
            LOG.warn("iPXE builds: none of {} is in {} (or readable there); install Debian's ipxe package or set {} "
                    + "in etc/{}.cfg", String.join(", ", next.files()), next.dir(), "firmware.dir",
                    FirmwareConfig.PID);
            return;
        }
        LOG.info("iPXE builds served by name from {}: {}{}", next.dir(), String.join(", ", next.files()),
                missing.isEmpty() ? "" : " (not there or not readable: " + String.join(", ", missing) + ")");
    }

    /**
     * @throws IOException when a listed file is there but cannot be read (permissions, a link loop)
     */
    @Override
    public Optional<BootFile> open(String path, InetSocketAddress client) throws IOException {
        FirmwareSettings s = settings;
        // The names are plain file names, so a path with a folder, '..' or a separator never matches.
        if (!s.files().contains(path)) {
            return Optional.empty();
        }
        Optional<FileChannel> channel = ServedFiles.openRegular(s.dir().resolve(path));
        return channel.isPresent() ? Optional.of(BootFile.of(channel.get())) : Optional.empty();
    }

    @Override
    public String toString() {
        return "iPXE builds in " + settings.dir();
    }
}
