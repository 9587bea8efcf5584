package org.karafpxe.store;

/**
 * A write was refused because the disk holding the embedded database has too little room left:
 * nothing was written, and reading the store goes on. The message names the folder, the room
 * left and the room the store keeps free; writes succeed again as soon as there is room.
 *
 * @since 1.4
 */
public final class DiskFullException extends StoreException {

    private static final long serialVersionUID = 1L;

    public DiskFullException(String message) {
        super(message, null);
    }
}
