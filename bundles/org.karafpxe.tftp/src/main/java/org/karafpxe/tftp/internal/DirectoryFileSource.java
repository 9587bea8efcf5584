package org.karafpxe.tftp.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import org.karafpxe.api.BootFile;
import org.karafpxe.tftp.TftpErrorCode;

/**
 * Serves the files under one directory. Names go through {@link TftpPathResolver}, so nothing outside the
 * directory is opened, whether asked for with {@code ..}, a drive letter or a symbolic link pointing out.
 */
public final class DirectoryFileSource implements FolderSource {

    private final Path root;
    private final TftpPathResolver resolver;

    public DirectoryFileSource(Path root, CaseMatching caseMatching) {
        this.root = Objects.requireNonNull(root, "root");
        this.resolver = new TftpPathResolver(root, caseMatching);
    }

    public Path root() {
        return root;
    }

    /**
     * @throws SecurityException for a name that would leave the root or a file the server may not read
     */
    @Override
    public Optional<BootFile> open(String path, InetSocketAddress client) throws IOException {
        PathResolution resolution = resolver.resolve(path);
        if (resolution instanceof PathResolution.Refused refused) {
            if (refused.code() == TftpErrorCode.ACCESS_VIOLATION) {
                throw new SecurityException(refused.message());
            }
            return Optional.empty();
        }
        Path file = ((PathResolution.Resolved) resolution).path();
        FileChannel channel;
        try {
            // The resolved path has no links left; refusing one now keeps a link swapped in since from counting.
            channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (AccessDeniedException e) {
            throw new SecurityException("Access violation");
        }
        return Optional.of(BootFile.of(channel));
    }

    @Override
    public String toString() {
        return "directory " + root;
    }
}
