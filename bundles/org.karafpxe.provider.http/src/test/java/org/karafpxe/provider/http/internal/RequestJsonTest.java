package org.karafpxe.provider.http.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import java.net.InetAddress;
import java.util.List;
import org.junit.Test;
import org.karafpxe.api.Architecture;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.MacAddress;

public class RequestJsonTest {
    private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56").orElseThrow();

    private static BootRequest.Builder request() {
        return BootRequest.builder(MAC, InetAddress.getLoopbackAddress()).architecture(Architecture.X86_BIOS);
    }

    @Test
    public void aBareBiosClient() {
        assertEquals("{\"mac\":\"52:54:00:12:34:56\",\"guid\":null,\"architecture\":\"x86-bios\",\"architectureCode\":0,"
                + "\"vendorClass\":null,\"userClasses\":[],\"ipxe\":false,\"httpClient\":false,\"secs\":0,\"port\":67,"
                + "\"ipv6\":false,\"duid\":null,\"relay\":null,\"server\":\"127.0.0.1\",\"dryRun\":false}", RequestJson.encode(request().build()));
    }

    @Test
    public void theCacheKeyLeavesOutSecsAndDryRunOnly() {
        String key = RequestJson.cacheKey(request().secs(0).build());
        assertEquals(key, RequestJson.cacheKey(request().secs(12).dryRun(true).build()));
        assertEquals("{\"mac\":\"52:54:00:12:34:56\",\"guid\":null,\"architecture\":\"x86-bios\",\"architectureCode\":0,"
                + "\"vendorClass\":null,\"userClasses\":[],\"ipxe\":false,\"httpClient\":false,\"port\":67,"
                + "\"ipv6\":false,\"duid\":null,\"relay\":null,\"server\":\"127.0.0.1\"}", key);
        assertNotEquals(key, RequestJson.cacheKey(request().userClasses(List.of("iPXE")).build()));
        assertNotEquals(key, RequestJson.cacheKey(request().vendorClass("PXEClient").build()));
    }
}
