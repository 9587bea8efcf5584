package org.karafpxe.dhcp.internal;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.karafpxe.api.BootAnswer;
import org.karafpxe.api.Decision;
import org.karafpxe.api.ExchangePort;
import org.karafpxe.api.MacAddress;
import org.karafpxe.engine.ChainResult;

/**
 * Coverage-guided fuzz target (Jazzer, bench/fuzz/run.sh) for the DHCPv6 decoder: any datagram
 * decodes without throwing, a message that decodes encodes again to the same bytes, and what the
 * server makes of it (the chain's request, the answer) never throws either.
 */
public final class Dhcp6MessageFuzzer {
    private static final MacAddress MAC = MacAddress.of(new byte[] {2, 0, 0, 0, 0, 1});
    private static final InetAddress SERVER = Addresses.IPV6_ANY;
    private static final Dhcp6Answers ANSWERS = new Dhcp6Answers(Dhcp6Answers.serverDuid(new UUID(1, 2)), 8080);
    private static final ChainResult SERVED = new ChainResult(
            Decision.service(BootAnswer.of("snponly.efi"), "fuzz"),
            List.of(), 0);

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
        message.userClasses();
        Dhcp6Answers.Client.of(message).filter(c -> message.clientId().isPresent()).ifPresent(client -> {
            for (ExchangePort port : ExchangePort.values()) {
                if (ANSWERS.asks(message, client, port)) {
                    Dhcp6Answers.request(message, client, MAC, SERVER, port);
                    ANSWERS.answer(message, client, port, SERVER, SERVED);
                }
            }
        });
        if (!Arrays.equals(message.encode(), datagram)) {
            throw new IllegalStateException("a decoded DHCPv6 message does not encode to its own bytes");
        }
    }
}
