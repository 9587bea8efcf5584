package org.karafpxe.dhcp.internal;

/**
 * Coverage-guided fuzz target (Jazzer, bench/fuzz/run.sh) for the DHCPv6 decoder: any datagram
 * decodes without throwing, and a message that decodes encodes again to the same bytes.
 */
public final class Dhcp6MessageFuzzer {

    private Dhcp6MessageFuzzer() {
    }

    public static void fuzzerTestOneInput(byte[] datagram) {
        Dhcp6Message message = Dhcp6Message.decode(datagram, 0, datagram.length).orElse(null);
        if (message == null) {
            return;
        }
        message.vendorClass();
        message.architecture();
        message.clientId();
        if (!java.util.Arrays.equals(message.encode(), datagram)) {
            throw new IllegalStateException("a decoded DHCPv6 message does not encode to its own bytes");
        }
    }
}
