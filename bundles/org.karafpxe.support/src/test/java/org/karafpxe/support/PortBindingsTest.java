package org.karafpxe.support;

import static org.junit.Assert.assertTrue;

import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.Test;

public class PortBindingsTest {

    private static final InetSocketAddress PORT_67 = new InetSocketAddress(InetAddress.getLoopbackAddress(), 67);

    @Test
    public void permissionDeniedPointsAtRootAndTheCapability() {
        String m = PortBindings.explain("ProxyDHCP", PORT_67, new BindException("Permission denied"), "org.karafpxe.dhcp");
        assertTrue(m, m.startsWith("ProxyDHCP cannot listen on UDP 127.0.0.1:67: Permission denied."));
        assertTrue(m, m.contains("CAP_NET_BIND_SERVICE"));
        assertTrue(m, m.endsWith("or set another port in etc/org.karafpxe.dhcp.cfg."));
    }

    @Test
    public void portInUseSaysAnotherProcessHoldsIt() throws Exception {
        try (DatagramSocket holder = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            InetSocketAddress taken = (InetSocketAddress) holder.getLocalSocketAddress();
            try (DatagramSocket second = new DatagramSocket(taken)) {
                throw new AssertionError("bound twice to " + taken);
            } catch (BindException e) {
                String m = PortBindings.explain("TFTP", taken, e, "org.karafpxe.tftp");
                assertTrue(m, m.contains("Another process holds the port"));
            }
        }
    }

    @Test
    public void foreignAddressSaysNoInterfaceHasIt() {
        String m = PortBindings.explain("TFTP", PORT_67, new BindException("Cannot assign requested address"),
                "org.karafpxe.tftp");
        assertTrue(m, m.contains("No interface of this machine has that address"));
    }
}
