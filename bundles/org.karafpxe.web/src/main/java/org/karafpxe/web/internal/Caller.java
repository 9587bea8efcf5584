package org.karafpxe.web.internal;

import java.util.Set;
import javax.security.auth.Subject;

/**
 * Who is asking: a user logged in through the JAAS realm, with the roles the realm gave, and the
 * subject the store's audit trail reads the user from.
 */
record Caller(String user, Set<String> roles, Subject subject, boolean canRead, boolean canWrite) {
    Caller {
        roles = Set.copyOf(roles);
    }
}
