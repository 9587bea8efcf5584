package org.karafpxe.store;

import java.util.Objects;

/** A value the store does not accept: the message names the field and says what is allowed. */
public final class InvalidValueException extends StoreException {

    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field   the field, as the CSV header and the console commands name it ({@code mac})
     * @param value   the rejected value, quoted in the message
     * @param allowed what the field takes, e.g. "use 6 bytes of hex, like 52:54:00:12:34:56"
     */
    public InvalidValueException(String field, String value, String allowed) {
        super("invalid " + field + " '" + value + "': " + allowed, null);
        this.field = Objects.requireNonNull(field, "field");
    }

    /** For values too long or too odd to quote (a whole boot script): the problem alone. */
    public InvalidValueException(String field, String problem) {
        super("invalid " + field + ": " + problem, null);
        this.field = Objects.requireNonNull(field, "field");
    }

    public String field() {
        return field;
    }
}
