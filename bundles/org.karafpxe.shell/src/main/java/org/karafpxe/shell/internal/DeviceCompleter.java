package org.karafpxe.shell.internal;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.karafpxe.store.Device;
import org.karafpxe.store.PolicyStore;

/** Completes the names of the prestaged devices. */
@Service
public class DeviceCompleter implements Completer {

    // Optional, as in StoreCommand: the other commands must not depend on the store being up.
    @Reference(optional = true)
    private PolicyStore store;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return StoreCompletion.complete(store, s -> s.list().stream().map(Device::name).collect(Collectors.toList()),
                session, commandLine, candidates);
    }
}
