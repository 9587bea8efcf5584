package org.karafpxe.store;

/**
 * Why the policy store refused or failed an operation. Unchecked, and its message is meant for the
 * operator as it stands: it says which value was wrong and what is allowed, or which device holds
 * what the operator asked for. The subtypes let callers (console commands, the CSV import) react
 * to the kind of failure without parsing messages.
 */
public abstract sealed class StoreException extends RuntimeException
        permits DuplicateException, UnknownDeviceException, InvalidValueException, ImportException,
        StorageException, DiskFullException {

    private static final long serialVersionUID = 1L;

    StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
