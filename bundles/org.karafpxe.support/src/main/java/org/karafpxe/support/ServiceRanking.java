package org.karafpxe.support;

/**
 * Reads a {@code service.ranking} the way the provider chain and the boot file sources order
 * services.
 *
 * <p>The framework honours the ranking only as an Integer, but a ranking set in a {@code .cfg}
 * file arrives as a String (Config Admin keeps what the file says). Operators set rankings in
 * those files, so any whole number or numeric string is accepted.
 */
public final class ServiceRanking {

    private ServiceRanking() {
    }

    /** The ranking (0 when absent), or {@code null} when the value is not a whole number in int range. */
    public static Integer parse(Object value) {
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
