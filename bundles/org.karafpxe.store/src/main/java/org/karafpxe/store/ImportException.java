package org.karafpxe.store;

/**
 * A CSV import refused because of one row (or the header): nothing of the file was imported. The
 * message starts with the line number, so the operator can go straight to the row.
 */
public final class ImportException extends StoreException {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final String problem;

    /**
     * @param line    the line the offending record starts on, 1 for the header
     * @param problem what is wrong with it
     * @param cause   the store's own refusal of the row (a duplicate MAC, an invalid value), if any
     */
    public ImportException(int line, String problem, StoreException cause) {
        super("line " + line + ": " + problem + "; nothing was imported", cause);
        this.line = line;
        this.problem = problem;
    }

    public int line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
