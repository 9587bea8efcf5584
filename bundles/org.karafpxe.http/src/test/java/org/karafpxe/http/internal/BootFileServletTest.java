package org.karafpxe.http.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.Test;
import org.karafpxe.api.BootFileSource;
import org.karafpxe.support.CheckedConfig;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * The component: its whiteboard of boot file sources in ranking order, its registration as an HTTP
 * Whiteboard servlet, and what it takes from the servlet request.
 */
public class BootFileServletTest {
    private long serviceIds = 100;

    private Map<String, Object> properties(Object ranking) {
        Map<String, Object> p = new HashMap<>();
        p.put(Constants.SERVICE_ID, serviceIds++);
        if (ranking != null) {
            p.put(Constants.SERVICE_RANKING, ranking);
        }
        return p;
    }

    // ------------------------------------------------------------------------------- a servlet API

    /** A request with the given path info, headers and remote end; anything else is null. */
    private static HttpServletRequest request(String method, String pathInfo, Map<String, String> headers,
            String remoteAddr, int remotePort) {
        return (HttpServletRequest) Proxy.newProxyInstance(BootFileServletTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getPathInfo" -> pathInfo;
                    case "getHeader" -> headers.entrySet().stream()
                            .filter(e -> e.getKey().equalsIgnoreCase((String) args[0]))
                            .map(Map.Entry::getValue).findFirst().orElse(null);
                    case "getRemoteAddr" -> remoteAddr;
                    case "getRemotePort" -> remotePort;
                    default -> null;
                });
    }

    private static final class Response {
        int status = 200;
        long length = -1;
        String type;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        HttpServletResponse proxy() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(BootFileServletTest.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> {
                        switch (m.getName()) {
                            case "setStatus" -> status = (Integer) args[0];
                            case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                            case "setContentType" -> type = (String) args[0];
                            case "setContentLengthLong" -> length = (Long) args[0];
                            case "getOutputStream" -> {
                                return out;
                            }
                            case "containsHeader" -> {
                                return headers.containsKey((String) args[0]);
                            }
                            default -> throw new UnsupportedOperationException(m.getName());
                        }
                        return null;
                    });
        }
    }

    private static Response get(BootFileServlet servlet, String pathInfo, Map<String, String> headers)
            throws Exception {
        Response response = new Response();
        servlet.service(request("GET", pathInfo, headers, "192.0.2.15", 40123), response.proxy());
        return response;
    }

    // ------------------------------------------------------------------------------------ ranking

    @Test
    public void theHigherRankedSourceWins() throws Exception {
        BootFileServlet servlet = new BootFileServlet();
        Sources.Memory directory = new Sources.Memory("directory", Map.of("a.bin", new byte[] {1}));
        Sources.Memory scripts = new Sources.Memory("scripts", Map.of("a.bin", new byte[] {2}));
        Map<String, Object> directoryProperties = properties(0);
        Map<String, Object> scriptProperties = properties(100);
        servlet.addSource(directory, directoryProperties);
        servlet.addSource(scripts, scriptProperties);
        assertArrayEquals(new byte[] {2}, get(servlet, "/a.bin", Map.of()).body.toByteArray());

        // A ranking from a .cfg file arrives as a String.
        directoryProperties.put(Constants.SERVICE_RANKING, "200");
        servlet.updatedSource(directory, directoryProperties);
        assertArrayEquals(new byte[] {1}, get(servlet, "/a.bin", Map.of()).body.toByteArray());

        servlet.removeSource(directory, directoryProperties);
        assertArrayEquals(new byte[] {2}, get(servlet, "/a.bin", Map.of()).body.toByteArray());
        servlet.removeSource(scripts, scriptProperties);
        assertEquals(404, get(servlet, "/a.bin", Map.of()).status);
    }

    @Test
    public void amongEqualRankingsTheFirstRegisteredWins() throws Exception {
        BootFileServlet servlet = new BootFileServlet();
        Sources.Memory second = new Sources.Memory("second", Map.of("a.bin", new byte[] {2}));
        Sources.Memory first = new Sources.Memory("first", Map.of("a.bin", new byte[] {1}));
        Map<String, Object> firstProperties = properties(null);
        servlet.addSource(second, properties("bad"));
        servlet.addSource(first, firstProperties);
        firstProperties.put(Constants.SERVICE_ID, 1L);
        servlet.updatedSource(first, firstProperties);
        // Ids: first 1, second 100; a bad ranking counts as 0 like none.
        assertArrayEquals(new byte[] {1}, get(servlet, "/a.bin", Map.of()).body.toByteArray());
    }

    // -------------------------------------------------------------------------------- the request

    @Test
    public void theServletPassesPathRangeAndClient() throws Exception {
        BootFileServlet servlet = new BootFileServlet();
        Sources.Memory files = new Sources.Memory("files", Map.of("ipxe/snponly.efi", Sources.pattern(100)));
        servlet.addSource(files, properties(0));
        Response r = get(servlet, "/ipxe/snponly.efi", Map.of("Range", "bytes=10-19"));
        assertEquals(206, r.status);
        assertEquals("bytes 10-19/100", r.headers.get("Content-Range"));
        assertEquals(10, r.length);
        assertEquals("application/octet-stream", r.type);
        assertEquals(new InetSocketAddress(InetAddress.getByName("192.0.2.15"), 40123), files.clients.get(0));
        assertEquals(1, servlet.counters().partial.sum());
    }

    @Test
    public void anIfRangeVoidsTheRange() throws Exception {
        BootFileServlet servlet = new BootFileServlet();
        servlet.addSource(new Sources.Memory("files", Map.of("a.bin", Sources.pattern(100))), properties(0));
        Response r = get(servlet, "/a.bin", Map.of("Range", "bytes=10-19", "If-Range", "\"abc\""));
        assertEquals(200, r.status);
        assertEquals(100, r.length);
        assertNull(r.headers.get("Content-Range"));
    }

    @Test
    public void headGoesThroughTheResponderWithoutReading() throws Exception {
        BootFileServlet servlet = new BootFileServlet();
        servlet.addSource(new Sources.Unreadable(4096), properties(0));
        Response response = new Response();
        servlet.service(request("HEAD", "/x.efi", Map.of(), "192.0.2.15", 1), response.proxy());
        assertEquals(200, response.status);
        assertEquals(4096, response.length);
        assertEquals(0, response.body.size());
    }

    @Test
    public void clientAddressesAreParsedWithoutLookups() throws Exception {
        assertEquals(new InetSocketAddress(InetAddress.getByName("192.0.2.15"), 80),
                BootFileServlet.client("192.0.2.15", 80));
        assertEquals(new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 80),
                BootFileServlet.client("2001:db8::1", 80));
        assertEquals(new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 80),
                BootFileServlet.client("[2001:db8::1]", 80));
        InetSocketAddress odd = BootFileServlet.client("999.1.1.1", 80);
        assertTrue("not looked up", odd.isUnresolved());
        assertTrue(BootFileServlet.client("pxe.example", 80).isUnresolved());
        assertTrue(BootFileServlet.client(null, -1).isUnresolved());
        assertEquals(0, BootFileServlet.client(null, -1).getPort());
    }

    // ------------------------------------------------------------------------------- registration

    private record Registered(Dictionary<String, ?> properties, Object service) {
    }

    @SuppressWarnings("unchecked")
    private static BundleContext context(List<Registered> live) {
        return (BundleContext) Proxy.newProxyInstance(BootFileServletTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, m, args) -> {
                    if (!m.getName().equals("registerService")) {
                        throw new UnsupportedOperationException(m.getName());
                    }
                    Registered r = new Registered((Dictionary<String, ?>) args[2], args[1]);
                    live.add(r);
                    return Proxy.newProxyInstance(BootFileServletTest.class.getClassLoader(),
                            new Class<?>[] {ServiceRegistration.class}, (p, rm, ra) -> {
                                if (rm.getName().equals("unregister")) {
                                    live.remove(r);
                                    return null;
                                }
                                throw new UnsupportedOperationException(rm.getName());
                            });
                });
    }

    @Test
    public void theServletIsRegisteredAtItsPath() {
        List<Registered> live = new ArrayList<>();
        BootFileServlet servlet = new BootFileServlet();
        servlet.activate(context(live), typed(Map.of()), Map.of());
        assertEquals(1, live.size());
        assertEquals("/boot/*", live.get(0).properties().get(BootFileServlet.PATTERN_PROPERTY));
        assertEquals(BootFileServlet.SERVLET_NAME, live.get(0).properties().get(BootFileServlet.NAME_PROPERTY));
        assertTrue(live.get(0).service() == servlet);

        servlet.modified(typed(Map.of("path", "/pxe/files/")), Map.of("path", "/pxe/files/"));
        assertEquals(1, live.size());
        assertEquals("/pxe/files/*", live.get(0).properties().get(BootFileServlet.PATTERN_PROPERTY));

        Registered before = live.get(0);
        servlet.modified(typed(Map.of("path", "/pxe/files", "other", "x")), Map.of("path", "/pxe/files", "other", "x"));
        assertTrue("the same path is not registered again", live.get(0) == before);

        servlet.modified(typed(Map.of("path", "no slash")), Map.of("path", "no slash"));
        assertEquals("a bad path falls back to the default", "/boot/*",
                live.get(0).properties().get(BootFileServlet.PATTERN_PROPERTY));

        servlet.deactivate();
        assertEquals(List.of(), live);
    }

    @Test
    public void pathsAreChecked() {
        assertEquals("/boot", HttpSettings.from(Map.of()).path());
        assertEquals("/http-boot", HttpSettings.from(Map.of("path", " /http-boot/ ")).path());
        assertEquals("/a/b.c", HttpSettings.from(Map.of("path", "/a/b.c")).path());
        for (String bad : new String[] {"boot", "/", "/a/../b", "/a/./b", "/a b", "/*", "/boot/*", "/a?b"}) {
            HttpSettings s = HttpSettings.from(Map.of("path", bad));
            assertEquals(bad, "/boot", s.path());
            assertEquals(bad, 1, s.problems().size());
        }
    }

    @Test
    public void nothingIsServedWhenNoSourceIsBound() throws IOException, Exception {
        assertEquals(404, get(new BootFileServlet(), "/undionly.kpxe", Map.of()).status);
        assertEquals(404, get(new BootFileServlet(), null, Map.of()).status);
    }

    /** The configuration as Declarative Services types it. */
    private static BootFileServlet.Config typed(Map<String, ?> properties) {
        return CheckedConfig.typed(BootFileServlet.Config.class, properties);
    }
}
