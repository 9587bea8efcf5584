package org.karafpxe.tftp;

import java.util.Map;

/** OACK (RFC 2347): the options the server accepted, in the order the client asked for them. */
public record OptionAck(Map<String, String> options) implements TftpPacket {

    public OptionAck {
        options = WireText.options(options);
    }
}
