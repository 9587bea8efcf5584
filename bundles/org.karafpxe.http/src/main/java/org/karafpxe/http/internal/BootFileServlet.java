package org.karafpxe.http.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.karafpxe.api.BootFileSource;
import org.karafpxe.http.HttpBootFiles;
import org.karafpxe.http.HttpFetch;
import org.karafpxe.store.BootTasks;
import org.karafpxe.support.CheckedConfig;
import org.karafpxe.support.IpLiterals;
import org.karafpxe.support.RankedBootFileSources;
import org.karafpxe.support.ServiceRanking;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the boot files over HTTP, the same files the TFTP server serves (the boot file directory,
 * the iPXE scripts, Debian's iPXE builds), at {@code http://<server>:<port>/boot/<file>}, and takes
 * the completion callback {@code /boot/done/<device id>/<secret>}. See {@link BootFileResponder}.
 *
 * <p>The servlet is an HTTP Whiteboard service, which Pax Web (Karaf's {@code http-whiteboard}
 * feature) picks up. It registers itself rather than through Declarative Services, so that the
 * {@code path} of {@code etc/org.karafpxe.http.cfg} can move its pattern; the port is Pax Web's
 * ({@code org.osgi.service.http.port} in {@code etc/org.ops4j.pax.web.cfg}).
 *
 * <p>The policy store is optional: without it the files are served and the callback answers 503.
 */
@Component(service = HttpBootFiles.class, configurationPid = HttpSettings.PID, immediate = true)
@Designate(ocd = BootFileServlet.Config.class)
public final class BootFileServlet extends HttpServlet implements HttpBootFiles {
    private static final long serialVersionUID = 1L;

    static final String PATTERN_PROPERTY = "osgi.http.whiteboard.servlet.pattern";
    static final String NAME_PROPERTY = "osgi.http.whiteboard.servlet.name";
    static final String SERVLET_NAME = "karaf-pxe-boot-files";

    @ObjectClassDefinition(name = "Karaf PXE HTTP",
            description = "Boot files and iPXE scripts over HTTP at <path>/<file>, and the completion callback "
                    + "<path>/done/<device id>/<secret>. The port is org.osgi.service.http.port in etc/org.ops4j.pax.web.cfg.")
    @interface Config {
        @AttributeDefinition(name = "path", description = "Where the files are served, e.g. /boot for "
                + "http://<server>:8080/boot/<file>.")
        String path() default "/boot";
    }

    private static final Logger LOG = LoggerFactory.getLogger(BootFileServlet.class);

    private final transient RankedBootFileSources sources = new RankedBootFileSources();
    private final transient HttpCounters counters = new HttpCounters();
    private final transient BootFileResponder responder;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile BootTasks store;

    private transient BundleContext context;
    private transient HttpSettings settings;
    private transient ServiceRegistration<Servlet> registration;

    public BootFileServlet() {
        responder = new BootFileResponder(sources::snapshot, new TaskCompletion(() -> store, counters), counters);
    }

    /** The raw properties only name a refused value; see {@link CheckedConfig}. */
    @Activate
    synchronized void activate(BundleContext bundleContext, Config config, Map<String, Object> properties) {
        context = bundleContext;
        configure(CheckedConfig.of(Config.class, config, properties));
    }

    @Modified
    synchronized void modified(Config config, Map<String, Object> properties) {
        configure(CheckedConfig.of(Config.class, config, properties));
    }

    @Deactivate
    synchronized void deactivate() {
        unregister();
        context = null;
        settings = null;
        LOG.info("HTTP boot files: {}", counters);
    }

    private void configure(CheckedConfig<Config> checked) {
        HttpSettings next = HttpSettings.from(checked);
        next.problems().forEach(p -> LOG.error("etc/{}.cfg: {}", HttpSettings.PID, p));
        if (registration != null && settings.path().equals(next.path())) {
            settings = next;
            return;
        }
        unregister();
        settings = next;
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(PATTERN_PROPERTY, next.pattern());
        props.put(NAME_PROPERTY, SERVLET_NAME);
        props.put(Constants.SERVICE_DESCRIPTION, "Karaf PXE boot files over HTTP");
        registration = context.registerService(Servlet.class, this, props);
        LOG.info("HTTP: boot files at {}/<file>, completion callback at {}/{}/<device id>/<secret> (the port is "
                + "org.osgi.service.http.port in etc/org.ops4j.pax.web.cfg)", next.path(), next.path(),
                TaskCompletion.PREFIX);
    }

    private void unregister() {
        ServiceRegistration<Servlet> r = registration;
        registration = null;
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // Already gone with the bundle.
            }
        }
    }

    // ----------------------------------------------------------------------- boot file sources

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeSource", updated = "updatedSource")
    void addSource(BootFileSource source, Map<String, Object> properties) {
        sources.put(entry(source, properties));
    }

    void updatedSource(BootFileSource source, Map<String, Object> properties) {
        sources.put(entry(source, properties));
    }

    void removeSource(BootFileSource source, Map<String, Object> properties) {
        sources.remove(serviceIdOf(properties));
    }

    private static RankedBootFileSources.Entry entry(BootFileSource source, Map<String, Object> properties) {
        Object raw = properties.get(Constants.SERVICE_RANKING);
        Integer ranking = ServiceRanking.parse(raw);
        String name = String.valueOf(source);
        if (ranking == null) {
            // The TFTP server reports it at ERROR already.
            LOG.debug("Boot file source {}: service.ranking = '{}' is not a whole number; ranking it 0", name, raw);
            ranking = 0;
        }
        return new RankedBootFileSources.Entry(source, ranking, serviceIdOf(properties), name);
    }

    private static long serviceIdOf(Map<String, Object> properties) {
        Object id = properties.get(Constants.SERVICE_ID);
        return id instanceof Number n ? n.longValue() : -1;
    }

    // --------------------------------------------------------------------------------- requests

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        handle(BootFileResponder.GET, request, response);
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        handle(BootFileResponder.HEAD, request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        handle(BootFileResponder.POST, request, response);
    }

    private void handle(String method, HttpServletRequest request, HttpServletResponse response) throws IOException {
        responder.respond(method, request.getPathInfo(), range(request),
                client(request.getRemoteAddr(), request.getRemotePort()), new ServletReply(response));
    }

    /**
     * The Range header to honour. Without validators (no ETag, no Last-Modified) an If-Range can never
     * match, so a request with one gets the whole file (RFC 9110, 13.1.5).
     */
    static String range(HttpServletRequest request) {
        return request.getHeader("If-Range") != null ? null : request.getHeader("Range");
    }

    /** The client's address for the boot file sources, without a name lookup. */
    static InetSocketAddress client(String address, int port) {
        int p = port >= 0 && port <= 65535 ? port : 0;
        if (address == null || address.isBlank()) {
            return InetSocketAddress.createUnresolved("unknown", p);
        }
        String a = address.strip();
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        // Only literals are parsed: a host name would be looked up in DNS on every request.
        InetAddress literal = IpLiterals.literal(a);
        if (literal != null) {
            return new InetSocketAddress(literal, p);
        }
        return InetSocketAddress.createUnresolved(a, p);
    }

    @Override
    public List<HttpFetch> recentFetches(int limit) {
        return responder.recentFetches(limit);
    }

    /** The counters, for tests. */
    HttpCounters counters() {
        return counters;
    }

    /** Where the servlet is registered now, for tests. */
    synchronized String pattern() {
        return registration == null ? null : settings.pattern();
    }
}
