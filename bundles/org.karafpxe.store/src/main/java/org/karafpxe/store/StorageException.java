package org.karafpxe.store;

/**
 * The database failed: unreachable, refused the login, too busy, or holds a schema this server
 * does not know. Nothing of the failed operation was kept.
 */
public final class StorageException extends StoreException {

    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
