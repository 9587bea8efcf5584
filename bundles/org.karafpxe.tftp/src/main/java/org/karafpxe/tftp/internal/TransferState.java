package org.karafpxe.tftp.internal;

/** Life cycle of a transfer as the socket layer needs to see it. */
public enum TransferState {
    ACTIVE,
    /** The client acknowledged the final block. */
    COMPLETE,
    /**
     * The client sent an ERROR. This is routine, not a failure: UEFI firmware asks for tsize, reads the
     * OACK and then ends with ERROR 8 before fetching the file for real.
     */
    ABORTED_BY_CLIENT,
    /** Retries ran out or the content could not be read. */
    FAILED;

    public boolean isTerminal() {
        return this != ACTIVE;
    }
}
