package org.karafpxe.provider.http.internal;

import java.net.InetAddress;
import java.util.HexFormat;
import java.util.Optional;
import org.karafpxe.api.Architecture;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.ExchangePort;
import org.karafpxe.support.Json;

/**
 * The JSON body POSTed for a request, one object in this order:
 *
 * <pre>
 * {"mac":"52:54:00:12:34:56","guid":"8b6b6f3e-1c9a-4e55-9d3a-0a1b2c3d4e5f","architecture":"x64-uefi",
 *  "architectureCode":7,"vendorClass":"PXEClient:Arch:00007:UNDI:003016","userClasses":["iPXE"],
 *  "ipxe":true,"httpClient":false,"secs":4,"port":67,"relay":null,"server":"10.0.0.2","dryRun":false}
 * </pre>
 *
 * {@code guid}, {@code vendorClass} and {@code relay} are {@code null} when the request has none;
 * {@code architectureCode} is the option 93 value as the client sent it (9 stays 9), else the
 * architecture's registered code, else {@code null}; {@code port} is 67 or 4011.
 */
final class RequestJson {
    /** Option 93, the client system architecture: 16-bit values. */
    private static final int ARCHITECTURE_OPTION = 93;
    /** DHCPv6 option 61, the client architecture (RFC 5970). */
    private static final int DHCP6_ARCHITECTURE_OPTION = 61;

    private RequestJson() {
    }

    /** The body sent to the service. */
    static String encode(BootRequest request) {
        return encode(request, true);
    }

    /**
     * What identifies a request for the answer cache: the body without {@code secs} (it grows
     * while a client retries) and {@code dryRun}.
     */
    static String cacheKey(BootRequest request) {
        return encode(request, false);
    }

    private static String encode(BootRequest r, boolean whole) {
        StringBuilder json = new StringBuilder(320);
        json.append("{\"mac\":").append(Json.quote(r.mac().toString()));
        json.append(",\"guid\":").append(r.guid().map(g -> Json.quote(g.toString())).orElse("null"));
        json.append(",\"architecture\":").append(Json.quote(r.architecture().key()));
        json.append(",\"architectureCode\":").append(architectureCode(r).map(String::valueOf).orElse("null"));
        json.append(",\"vendorClass\":").append(r.vendorClass().map(Json::quote).orElse("null"));
        json.append(",\"userClasses\":[");
        for (int i = 0; i < r.userClasses().size(); i++) {
            json.append(i == 0 ? "" : ",").append(Json.quote(r.userClasses().get(i)));
        }
        json.append("],\"ipxe\":").append(r.isIpxe());
        json.append(",\"httpClient\":").append(r.isHttpClient());
        if (whole) {
            json.append(",\"secs\":").append(r.secs());
        }
        json.append(",\"port\":").append(port(r));
        json.append(",\"ipv6\":").append(r.isIpv6());
        json.append(",\"duid\":").append(r.duid().map(d -> Json.quote(HexFormat.of().formatHex(d))).orElse("null"));
        json.append(",\"relay\":").append(r.relayAddress().map(a -> Json.quote(address(a))).orElse("null"));
        json.append(",\"server\":").append(Json.quote(address(r.serverAddress())));
        if (whole) {
            json.append(",\"dryRun\":").append(r.dryRun());
        }
        return json.append('}').toString();
    }

    /** The port the request came to: 67 or 4011, over IPv6 547 or 4011. */
    static int port(BootRequest r) {
        return r.port() == ExchangePort.PXE_BOOT_SERVER ? 4011 : r.isIpv6() ? 547 : 67;
    }

    private static Optional<Integer> architectureCode(BootRequest r) {
        Optional<byte[]> raw = r.options().get(r.isIpv6() ? DHCP6_ARCHITECTURE_OPTION : ARCHITECTURE_OPTION);
        if (raw.isPresent() && raw.get().length >= 2) {
            byte[] v = raw.get();
            return Optional.of(((v[0] & 0xff) << 8) | (v[1] & 0xff));
        }
        Architecture a = r.architecture();
        return a == Architecture.UNKNOWN ? Optional.empty() : Optional.of(a.code());
    }

    private static String address(InetAddress address) {
        return address.getHostAddress();
    }
}
