package org.karafpxe.store;

/** No device has the name or id the operator gave. */
public final class UnknownDeviceException extends StoreException {

    private static final long serialVersionUID = 1L;

    private final String nameOrId;

    public UnknownDeviceException(String nameOrId) {
        super("no device '" + nameOrId + "' (by name or id)", null);
        this.nameOrId = nameOrId;
    }

    public String nameOrId() {
        return nameOrId;
    }
}
