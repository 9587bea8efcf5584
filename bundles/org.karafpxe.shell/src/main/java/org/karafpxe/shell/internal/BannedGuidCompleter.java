package org.karafpxe.shell.internal;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.karafpxe.store.PolicyStore;

/** Completes the banned GUIDs. */
@Service
public class BannedGuidCompleter implements Completer {

    // Optional, as in StoreCommand: the other commands must not depend on the store being up.
    @Reference(optional = true)
    private PolicyStore store;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return StoreCompletion.complete(store,
                s -> s.bannedGuids().stream().map(b -> b.guid().toString()).collect(Collectors.toList()),
                session, commandLine, candidates);
    }
}
