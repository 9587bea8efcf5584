package org.karafpxe.shell.internal;

import java.io.IOException;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.StoreException;

/**
 * A command on the policy store (devices, banned GUIDs). The store's refusals are already written
 * for the operator, so they become the command's error as they stand, without a stack trace.
 */
abstract class StoreCommand implements Action {

    static final String STORE_NOT_RUNNING = "the policy store is not running, so devices and banned GUIDs "
            + "cannot be read or changed; log:display says why (usually the database set in "
            + "etc/org.ops4j.datasource-pxe.cfg cannot be reached)";

    /*
     * Optional: Karaf registers a bundle's commands only while every mandatory reference of every
     * command is there, so a store that cannot reach its database would take pxe:providers and
     * pxe:dhcp-stats away too. This way only the store commands fail, and say why.
     */
    @Reference(optional = true)
    private PolicyStore store;

    @Override
    public final Object execute() throws Exception {
        if (store == null) {
            throw new IllegalStateException(STORE_NOT_RUNNING);
        }
        try {
            run(store, System.out);
        } catch (StoreException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return null;
    }

    /** Does the command's work, printing to {@code out}; bad input is an IllegalArgumentException. */
    abstract void run(PolicyStore store, PrintStream out) throws IOException;
}
