package org.karafpxe.tftp;

/** ACK of a block; {@code block} is the 16-bit wire value, 0 also acknowledges an OACK. */
public record Ack(int block) implements TftpPacket {

    public Ack {
        WireText.requireWireBlock(block);
    }
}
