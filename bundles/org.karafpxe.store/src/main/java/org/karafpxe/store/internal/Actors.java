package org.karafpxe.store.internal;

import java.security.AccessController;
import java.security.Principal;
import javax.security.auth.Subject;

/**
 * Who makes a change: the user of the console session a command runs in. Karaf runs each console
 * command as the logged-in user's JAAS subject (SSH, {@code bin/pxe}, the local console); its user is
 * Karaf's {@code UserPrincipal}, found by name so that the store does not depend on Karaf's JAAS.
 * Anything else (a client's request served by the server) is {@value #SYSTEM}.
 */
final class Actors {
    static final String SYSTEM = "system";
    private static final String KARAF_USER = "org.apache.karaf.jaas.boot.principal.UserPrincipal";

    private Actors() {
    }

    @SuppressWarnings("removal") // Subject.current() is Java 18; Karaf 4.4 runs on Java 17
    static String current() {
        Subject subject = Subject.getSubject(AccessController.getContext());
        if (subject != null) {
            for (Principal p : subject.getPrincipals()) {
                if (p.getClass().getName().equals(KARAF_USER)) {
                    return p.getName();
                }
            }
        }
        return SYSTEM;
    }
}
