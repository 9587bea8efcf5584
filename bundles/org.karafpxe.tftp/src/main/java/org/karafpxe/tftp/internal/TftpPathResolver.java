package org.karafpxe.tftp.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.karafpxe.api.BootFileName;
import org.karafpxe.tftp.TftpErrorCode;

/**
 * Maps a requested TFTP file name to a file under a root directory, refusing anything that could reach
 * outside it.
 *
 * <p>Both {@code /} and {@code \} separate components, because WDS clients ask for {@code \boot\x86\wdsnbp.com}.
 * Leading separators are dropped: like tftp-hpa with a root, {@code /pxelinux.0} means the file at the top
 * of the root. Empty and {@code .} components are skipped.
 *
 * <p>Attempts to leave the root ({@code ..}, drive letters, UNC prefixes, control characters, over-long
 * names, links resolving outside) are refused with ACCESS_VIOLATION; names that are merely absent, or that
 * name a directory, get FILE_NOT_FOUND. A {@code ..} is refused outright rather than normalised: no boot
 * loader needs it, and refusing is simpler to reason about than proving a normalised path stays inside.
 */
public final class TftpPathResolver {

    public static final int DEFAULT_MAX_NAME_LENGTH = 255;


    private final Path root;
    private final CaseMatching caseMatching;
    private final int maxNameLength;

    public TftpPathResolver(Path root, CaseMatching caseMatching, int maxNameLength) {
        this.root = Objects.requireNonNull(root, "root");
        this.caseMatching = Objects.requireNonNull(caseMatching, "caseMatching");
        if (maxNameLength < 1) {
            throw new IllegalArgumentException("maxNameLength must be positive");
        }
        this.maxNameLength = maxNameLength;
    }

    public TftpPathResolver(Path root, CaseMatching caseMatching) {
        this(root, caseMatching, DEFAULT_MAX_NAME_LENGTH);
    }

    public PathResolution resolve(String requested) {
        BootFileName name = check(requested, maxNameLength);
        if (name instanceof BootFileName.Refused refused) {
            return new PathResolution.Refused(code(refused), refused.message());
        }
        try {
            return locate(((BootFileName.Valid) name).components());
        } catch (InvalidPathException e) {
            return denied("Invalid file name");
        }
    }

    /**
     * Checks and normalises a requested name without looking at any file (the rules every file
     * server shares), so that a server can refuse a hostile name before asking any boot file source.
     */
    public static BootFileName check(String requested, int maxNameLength) {
        return BootFileName.check(requested, maxNameLength);
    }

    /** The TFTP error a refused name is answered with. */
    public static TftpErrorCode code(BootFileName.Refused refused) {
        return refused.notFound() ? TftpErrorCode.FILE_NOT_FOUND : TftpErrorCode.ACCESS_VIOLATION;
    }

    private PathResolution locate(List<String> components) {
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            return notFound("TFTP root unavailable");
        }
        Path candidate = realRoot;
        for (String component : components) {
            Path part = realRoot.getFileSystem().getPath(component);
            if (part.isAbsolute() || part.getRoot() != null || part.getNameCount() != 1) {
                return denied("Invalid file name");
            }
            candidate = candidate.resolve(part);
        }
        if (caseMatching == CaseMatching.INSENSITIVE && !Files.exists(candidate)) {
            candidate = new CaseInsensitiveWalk().find(realRoot, components, 0);
            if (candidate == null) {
                return notFound("File not found");
            }
        }
        if (!candidate.normalize().startsWith(realRoot)) {
            return denied("Access violation");
        }
        if (!Files.exists(candidate)) {
            return notFound("File not found");
        }
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (IOException | SecurityException e) {
            return denied("Access violation");
        }
        if (!real.startsWith(realRoot)) {
            return denied("Access violation");
        }
        if (!Files.isRegularFile(real)) {
            return notFound("File not found");
        }
        if (!Files.isReadable(real)) {
            return denied("Access violation");
        }
        return new PathResolution.Resolved(real);
    }

    /**
     * Depth-first search over case variants of each component: {@code Boot/} and {@code boot/} may both
     * exist with the wanted file under only one. The exact spelling is tried first, then the others in
     * lexical order so the outcome does not depend on directory listing order. The number of variants
     * explored is bounded, so a tree full of case variants cannot make a request expensive.
     */
    private static final class CaseInsensitiveWalk {
        private static final int MAX_VISITS = 256;
        private int visits;

        Path find(Path dir, List<String> components, int index) {
            String component = components.get(index);
            boolean last = index == components.size() - 1;
            for (Path candidate : variants(dir, component)) {
                if (++visits > MAX_VISITS) {
                    return null;
                }
                if (last) {
                    if (Files.isRegularFile(candidate)) {
                        return candidate;
                    }
                } else if (Files.isDirectory(candidate)) {
                    Path found = find(candidate, components, index + 1);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        }

        private static List<Path> variants(Path dir, String component) {
            List<Path> matches = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    if (entry.getFileName().toString().equalsIgnoreCase(component)) {
                        matches.add(entry);
                    }
                }
            } catch (IOException | SecurityException e) {
                // Not a directory, vanished or unreadable: to the client the name simply does not exist.
                return List.of();
            }
            matches.sort(Comparator.comparing((Path p) -> !p.getFileName().toString().equals(component))
                    .thenComparing(p -> p.getFileName().toString()));
            return matches;
        }
    }

    private static PathResolution notFound(String message) {
        return new PathResolution.Refused(TftpErrorCode.FILE_NOT_FOUND, message);
    }

    private static PathResolution denied(String message) {
        return new PathResolution.Refused(TftpErrorCode.ACCESS_VIOLATION, message);
    }
}
