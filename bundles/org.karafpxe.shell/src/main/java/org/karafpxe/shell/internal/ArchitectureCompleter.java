package org.karafpxe.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.karafpxe.api.Architecture;

/** Completes architecture keys (x86-bios, x64-uefi, ...). */
@Service
public class ArchitectureCompleter implements Completer {

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(Architecture.keys()).complete(session, commandLine, candidates);
    }
}
