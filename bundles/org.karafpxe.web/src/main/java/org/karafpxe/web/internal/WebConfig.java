package org.karafpxe.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The operator's port, {@code etc/org.karafpxe.web.cfg}: the web console, the REST API and the
 * metrics, on a port of their own (never the boot-file port machines fetch from).
 */
@ObjectClassDefinition(name = "Karaf PXE web console and API",
        description = "The operator's port: web console, REST API, live events and Prometheus metrics, behind "
                + "Karaf's JAAS login.")
@interface WebConfig {

    @AttributeDefinition(description = "Whether the operator's port listens at all (true or false).")
    boolean enabled() default true;

    @AttributeDefinition(description = "IP address to listen on: 127.0.0.1 (this host only, the default), an "
            + "address of the management network, or 0.0.0.0 / :: for every interface.")
    String address() default "127.0.0.1";

    @AttributeDefinition(min = "1", max = "65535", description = "TCP port (1-65535).")
    int port() default 8180;

    @AttributeDefinition(description = "The JAAS realm users log in to: karaf is the console's, "
            + "etc/users.properties by default.")
    String realm() default "karaf";

    @AttributeDefinition(name = "Role that may change", description = "The role a user needs to change anything "
            + "(devices, tasks, the policy, approvals).")
    String role_write() default "admin";

    @AttributeDefinition(name = "Role that may look", description = "A role that may only look (every page, "
            + "every GET, the metrics); users with role.write may look too.")
    String role_read() default "viewer";

    @AttributeDefinition(min = "1", max = "1440", description = "Minutes without a request after which a "
            + "logged-in browser must log in again (1-1440).")
    int session_idle_min() default 30;

    @AttributeDefinition(min = "1", max = "65535", description = "Browsers logged in at once (1-65535); the one "
            + "idle longest is logged out to make room.")
    int sessions_max() default 256;

    @AttributeDefinition(min = "1", max = "65535", description = "Connections at once (1-65535); one beyond "
            + "it is closed at once.")
    int connections_max() default 256;

    @AttributeDefinition(min = "1", max = "1024", description = "Live event streams at once (1-1024).")
    int events_max() default 64;

    @AttributeDefinition(min = "1", max = "262144", description = "Largest request body in KiB (1-262144): a "
            + "CSV import of 100,000 devices is about 8 MiB.")
    int body_max_kb() default 32768;

    @AttributeDefinition(description = "Whether /metrics asks for a login as the rest does (true), or answers "
            + "anyone who can reach the port (false; for a Prometheus on a trusted network).")
    boolean metrics_login() default true;

    @AttributeDefinition(description = "Serve HTTPS: the server's certificate chain, a PEM file; empty serves "
            + "plain HTTP.")
    String tls_certificate() default "";

    @AttributeDefinition(description = "The private key of tls.certificate: a PEM file (PKCS#8, unencrypted).")
    String tls_key() default "";
}
