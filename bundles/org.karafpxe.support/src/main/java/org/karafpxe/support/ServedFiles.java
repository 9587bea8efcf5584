package org.karafpxe.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** What the server's boot file sources share: opening a file they serve, naming the client in a log line. */
public final class ServedFiles {

    private ServedFiles() {
    }

    /**
     * A regular file opened for reading, after following its links once: the real path has no links
     * left, and a link swapped in since is refused. Empty when there is no such regular file.
     *
     * @throws IOException when the file is there but cannot be read (permissions, a link loop)
     */
    public static Optional<FileChannel> openRegular(Path path) throws IOException {
        Path real;
        try {
            real = path.toRealPath();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(FileChannel.open(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The client's address for a log line, or "an unknown client". */
    public static String address(InetSocketAddress client) {
        if (client == null) {
            return "an unknown client";
        }
        return client.getAddress() != null ? client.getAddress().getHostAddress() : client.getHostString();
    }
}
