package org.karafpxe.shell.internal;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.karafpxe.store.PolicyStore;

/** Writes every device as CSV that device-import reads back: a backup, or a file to edit and import. */
@Command(scope = "pxe", name = "device-export", description = "Writes every prestaged device as CSV (header: "
        + PolicyStore.CSV_HEADER + ") to a file on the server, or to the console without one.")
@Service
public class DeviceExportCommand extends StoreCommand {

    private static final String WHAT = "the CSV file";

    @Argument(index = 0, name = "file", description = "The file to write, on the server; without it the CSV is printed")
    @Completion(FileCompleter.class)
    private String file;

    @Option(name = "-f", aliases = "--force", description = "Replace the file if it exists")
    private boolean force;

    @Override
    void run(PolicyStore store, PrintStream out) throws IOException {
        if (file == null) {
            Writer console = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            store.exportCsv(console);
            // Flushed, not closed: the stream is the console's.
            console.flush();
            return;
        }
        Path path = OperatorFiles.resolve(file, WHAT);
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException(WHAT + " " + path + " is a directory; name a file in it");
        }
        if (Files.exists(path) && !force) {
            throw new IllegalArgumentException(WHAT + " " + path + " exists; give --force to replace it");
        }
        Path dir = path.getParent();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("the directory " + dir + " does not exist; create it first");
        }
        write(store, path, dir);
        out.println("Exported the devices to " + path + ".");
    }

    /** Through a temporary file, so that a failed export leaves no half-written file (or backup) behind. */
    private static void write(PolicyStore store, Path path, Path dir) {
        /*
         * Not Files.createTempFile: its files are readable by the owner only, and the export is
         * often read by another account (the operator's) than the server's.
         */
        Path temp = dir.resolve("." + path.getFileName() + "." + ThreadLocalRandom.current().nextInt(1 << 30) + ".tmp");
        boolean created = false;
        try {
            try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                created = true;
                store.exportCsv(w);
            }
            Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            created = false;
        } catch (IOException e) {
            throw OperatorFiles.cannotWrite(path, WHAT, e);
        } finally {
            if (created) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // The export has failed already and says so; a leftover hidden .tmp file is harmless.
                }
            }
        }
    }
}
