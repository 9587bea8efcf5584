package org.karafpxe.shell.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.karafpxe.store.ImportResult;
import org.karafpxe.store.PolicyStore;

/** Imports devices from CSV, all or nothing, as a WDS prestaging script would add them. */
@Command(scope = "pxe", name = "device-import", description = "Imports devices from a CSV file on the server "
        + "(header: " + PolicyStore.CSV_HEADER + "). A known name updates that device, a new one adds it; "
        + "one bad row and nothing is imported.")
@Service
public class DeviceImportCommand extends StoreCommand {

    private static final String WHAT = "the CSV file";

    @Argument(index = 0, name = "file", required = true, description = "The CSV file, UTF-8, on the server")
    @Completion(FileCompleter.class)
    private String file;

    @Override
    void run(PolicyStore store, PrintStream out) {
        Path path = OperatorFiles.readable(file, WHAT);
        ImportResult result;
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            result = store.importCsv(in);
        } catch (CharacterCodingException e) {
            throw OperatorFiles.notUtf8(path, WHAT);
        } catch (IOException e) {
            throw OperatorFiles.cannotRead(path, WHAT, e);
        }
        out.println("Imported " + result.total() + (result.total() == 1 ? " device" : " devices") + " from " + path
                + ": " + result.added() + " added, " + result.updated() + " updated, " + result.unchanged()
                + " unchanged.");
    }
}
