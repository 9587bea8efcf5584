package org.karafpxe.shell.internal;

import java.util.List;
import java.util.function.Function;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.StoreException;

/** Completes from values in the policy store, offering nothing when the store is down. */
final class StoreCompletion {

    private StoreCompletion() {
    }

    static int complete(PolicyStore store, Function<PolicyStore, List<String>> values, Session session,
            CommandLine commandLine, List<String> candidates) {
        List<String> strings;
        try {
            strings = store == null ? List.of() : values.apply(store);
        } catch (StoreException e) {
            // Tab must not print a stack trace; the command itself will say what is wrong.
            strings = List.of();
        }
        return new StringsCompleter(strings).complete(session, commandLine, candidates);
    }
}
