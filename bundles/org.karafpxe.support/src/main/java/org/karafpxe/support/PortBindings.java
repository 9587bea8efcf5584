package org.karafpxe.support;

import java.net.BindException;
import java.net.InetSocketAddress;

/**
 * Explains a socket that could not be bound, so that the operator learns which port, why, and
 * how to fix it, instead of a bare "Permission denied".
 */
public final class PortBindings {

    private PortBindings() {
    }

    /**
     * @param service   what wanted the port, e.g. "ProxyDHCP"
     * @param address   the address and port it tried
     * @param failure   what the bind threw
     * @param configPid the configuration that sets the port, e.g. {@code org.karafpxe.dhcp}
     */
    public static String explain(String service, InetSocketAddress address, Throwable failure, String configPid) {
        String where = "UDP " + address.getAddress().getHostAddress() + ":" + address.getPort();
        String cause = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        StringBuilder b = new StringBuilder(service).append(" cannot listen on ").append(where).append(": ")
                .append(cause).append(". ");
        String lower = cause.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("permission denied") || lower.contains("access denied")) {
            b.append("Ports below 1024 need root or the CAP_NET_BIND_SERVICE capability (for example "
                    + "'setcap cap_net_bind_service=+ep' on the java binary, or AmbientCapabilities= in a "
                    + "systemd unit)");
        } else if (lower.contains("assign")) {
            b.append("No interface of this machine has that address: set a local address, or 0.0.0.0");
        } else if (lower.contains("in use") || failure instanceof BindException) {
            b.append("Another process holds the port (a DHCP or TFTP server such as dnsmasq, or another "
                    + "instance of this server): stop it, or bind to another address");
        } else {
            b.append("Check the address and port");
        }
        return b.append(", or set another port in etc/").append(configPid).append(".cfg.").toString();
    }
}
