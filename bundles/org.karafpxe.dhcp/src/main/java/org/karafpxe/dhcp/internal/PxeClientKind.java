package org.karafpxe.dhcp.internal;

/** How a client announces itself in option 60, which decides the form of the answer. */
enum PxeClientKind {
    /** "PXEClient...": PXE firmware or iPXE. */
    PXE("PXEClient"),
    /** "HTTPClient...": UEFI HTTP boot; wants a URL and "HTTPClient" echoed. */
    HTTP("HTTPClient");

    private final String vendorClass;

    PxeClientKind(String vendorClass) {
        this.vendorClass = vendorClass;
    }

    /** The vendor class to echo in option 60 of the answer. */
    String vendorClass() {
        return vendorClass;
    }

    /** The kind of a client by its option 60, or null for clients this server does not answer. */
    static PxeClientKind of(String vendorClass) {
        if (vendorClass.startsWith("PXEClient")) {
            return PXE;
        }
        if (vendorClass.startsWith("HTTPClient")) {
            return HTTP;
        }
        return null;
    }
}
