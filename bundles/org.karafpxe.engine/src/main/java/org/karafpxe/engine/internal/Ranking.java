package org.karafpxe.engine.internal;

/**
 * Reads a {@code service.ranking} the way the chain orders providers.
 *
 * <p>The framework honours the ranking only as an Integer, but a ranking set in a {@code .cfg}
 * file arrives as a String (Config Admin keeps what the file says). Operators set rankings in
 * those files, so the chain accepts any number or numeric string.
 */
final class Ranking {

    private Ranking() {
    }

    /** The ranking, or {@code null} when the value is not a whole number in int range. */
    static Integer parse(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Number n) {
            long l = n.longValue();
            return l == n.doubleValue() && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? (int) l : null;
        }
        try {
            return Integer.valueOf(value.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
