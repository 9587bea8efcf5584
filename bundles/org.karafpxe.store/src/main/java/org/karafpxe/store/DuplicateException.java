package org.karafpxe.store;

import java.util.Objects;
import java.util.Optional;

/**
 * A name, MAC or GUID that another device already has. Each identifies one device only, so that a
 * booting machine matches at most one prestaged device.
 */
public final class DuplicateException extends StoreException {

    private static final long serialVersionUID = 1L;

    /** Which identifying value was taken. */
    public enum Field {
        NAME, MAC, GUID
    }

    private final Field field;
    private final String value;
    private final String owner;

    /**
     * @param field what was taken
     * @param value the value as the operator would write it (a MAC in colon form)
     * @param owner the name of the device that has it, when known
     */
    public DuplicateException(Field field, String value, Optional<String> owner) {
        super(message(field, value, owner), null);
        this.field = Objects.requireNonNull(field, "field");
        this.value = Objects.requireNonNull(value, "value");
        this.owner = owner.orElse(null);
    }

    public Field field() {
        return field;
    }

    public String value() {
        return value;
    }

    /** The device that has the value; empty when it could not be told (it changed meanwhile). */
    public Optional<String> owner() {
        return Optional.ofNullable(owner);
    }

    private static String message(Field field, String value, Optional<String> owner) {
        if (field == Field.NAME) {
            if (owner.isEmpty()) {
                return "a device named '" + value + "' already exists";
            }
            return owner.get().equals(value) ? "a device named '" + value + "' already exists"
                    : "the name '" + value + "' is taken by device '" + owner.get() + "' (names ignore case)";
        }
        return field + " " + value + " already belongs to "
                + owner.map(o -> "device '" + o + "'").orElse("another device");
    }
}
