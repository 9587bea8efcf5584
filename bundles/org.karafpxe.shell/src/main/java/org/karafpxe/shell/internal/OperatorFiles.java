package org.karafpxe.shell.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Files that commands read and write on the server's file system. The messages give the absolute
 * path, and for a relative one where it starts: the console may be remote, and the server's
 * working directory is not the operator's.
 */
final class OperatorFiles {

    private OperatorFiles() {
    }

    /** The path as the server sees it, absolute. */
    static Path resolve(String path, String what) {
        try {
            return Paths.get(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(what + " '" + path + "' is not a valid path: " + e.getReason());
        }
    }

    /** A regular file the server can read. */
    static Path readable(String path, String what) {
        Path file = resolve(path, what);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(what + " " + file + " does not exist" + relativeHint(path));
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(what + " " + file + " is not a file");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(what + " " + file
                    + " cannot be read by the server (check its permissions)");
        }
        return file;
    }

    /**
     * A small UTF-8 text file's content. Strict decoding: a file saved in another encoding is
     * refused rather than stored with replacement characters.
     */
    static String readText(Path file, String what, int maxBytes) {
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new IllegalArgumentException(what + " " + file + " has " + size + " bytes, at most "
                        + maxBytes + " are allowed");
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw notUtf8(file, what);
        } catch (IOException e) {
            throw cannotRead(file, what, e);
        }
    }

    static IllegalArgumentException notUtf8(Path file, String what) {
        return new IllegalArgumentException(what + " " + file + " is not UTF-8 text; save it as UTF-8");
    }

    static IllegalArgumentException cannotRead(Path file, String what, IOException e) {
        return new IllegalArgumentException("cannot read " + what + " " + file + ": " + reason(e));
    }

    static IllegalArgumentException cannotWrite(Path file, String what, IOException e) {
        return new IllegalArgumentException("cannot write " + what + " " + file + ": " + reason(e));
    }

    /** An IOException's message for the operator; the JDK's file exceptions carry only the path. */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String relativeHint(String path) {
        return Paths.get(path).isAbsolute() ? ""
                : " (a relative path starts in the server's directory " + Paths.get("").toAbsolutePath() + ")";
    }
}
