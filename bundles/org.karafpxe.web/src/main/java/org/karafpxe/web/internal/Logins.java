package org.karafpxe.web.internal;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/**
 * Logs users in through a JAAS realm (Karaf's {@code karaf} realm: the console's users) and keeps
 * the browsers' sessions: a random token in an HttpOnly cookie, in a table capped at
 * {@code sessions.max} whose longest-idle entry makes room, each ending after
 * {@code session.idle.min} without a request.
 */
final class Logins {
    /** Karaf's principals, found by class name so that the bundle does not depend on Karaf's JAAS. */
    private static final String KARAF_ROLE = "RolePrincipal";
    private static final String KARAF_USER = "UserPrincipal";

    private final String realm;
    private final String writeRole;
    private final String readRole;
    private final long idleNanos;
    private final int max;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    private static final class Session {
        final Caller caller;
        volatile long lastUsed;

        Session(Caller caller, long now) {
            this.caller = caller;
            this.lastUsed = now;
        }
    }

    Logins(String realm, String writeRole, String readRole, long idleNanos, int max) {
        this.realm = realm;
        this.writeRole = writeRole;
        this.readRole = readRole;
        this.idleNanos = idleNanos;
        this.max = max;
    }

    /** The user, if the realm takes the name and password; empty if it refuses them. */
    Optional<Caller> login(String user, char[] password) {
        if (user == null || user.isEmpty() || user.length() > 256 || password == null || password.length > 1024) {
            return Optional.empty();
        }
        Subject subject = new Subject();
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try {
            // The JAAS login modules (Karaf's, on the boot class path) are loaded through this loader.
            thread.setContextClassLoader(Logins.class.getClassLoader());
            LoginContext context = new LoginContext(realm, subject, callbacks -> answer(callbacks, user, password));
            context.login();
        } catch (LoginException | SecurityException e) {
            return Optional.empty();
        } finally {
            thread.setContextClassLoader(before);
        }
        Set<String> roles = new LinkedHashSet<>();
        String name = user;
        for (Principal p : subject.getPrincipals()) {
            String type = p.getClass().getSimpleName();
            if (type.equals(KARAF_ROLE)) {
                roles.add(p.getName());
            } else if (type.equals(KARAF_USER)) {
                name = p.getName();
            }
        }
        boolean canWrite = roles.contains(writeRole);
        return Optional.of(new Caller(name, roles, subject, canWrite || roles.contains(readRole), canWrite));
    }

    private static void answer(Callback[] callbacks, String user, char[] password) throws UnsupportedCallbackException {
        for (Callback c : callbacks) {
            if (c instanceof NameCallback n) {
                n.setName(user);
            } else if (c instanceof PasswordCallback p) {
                p.setPassword(password);
            } else {
                throw new UnsupportedCallbackException(c);
            }
        }
    }

    /** The caller of an {@code Authorization: Basic} header, if it names a user the realm takes. */
    Optional<Caller> basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6) || header.length() > 4096) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return login(decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray());
    }

    /** Opens a session for a logged-in user; returns its token. */
    String open(Caller caller) {
        long now = System.nanoTime();
        expire(now);
        while (sessions.size() >= max) {
            sessions.entrySet().stream().min(Comparator.comparingLong(e -> e.getValue().lastUsed))
                    .ifPresent(e -> sessions.remove(e.getKey()));
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        sessions.put(token, new Session(caller, now));
        return token;
    }

    /** The caller of a session token, if it is open and not idle too long; using it keeps it open. */
    Optional<Caller> session(String token) {
        if (token == null || token.length() != 43) {
            return Optional.empty();
        }
        Session s = sessions.get(token);
        long now = System.nanoTime();
        if (s == null) {
            return Optional.empty();
        }
        if (now - s.lastUsed > idleNanos) {
            sessions.remove(token, s);
            return Optional.empty();
        }
        s.lastUsed = now;
        return Optional.of(s.caller);
    }

    void close(String token) {
        if (token != null) {
            sessions.remove(token);
        }
    }

    private void expire(long now) {
        sessions.entrySet().removeIf(e -> now - e.getValue().lastUsed > idleNanos);
    }
}
