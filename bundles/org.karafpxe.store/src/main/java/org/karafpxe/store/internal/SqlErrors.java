package org.karafpxe.store.internal;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.karafpxe.store.DuplicateException;
import org.karafpxe.store.StorageException;

/**
 * Reads what went wrong from a JDBC error, the same way for H2 and PostgreSQL: both report SQL
 * states from the standard, and both name the violated constraint in the message (PostgreSQL as
 * {@code "pxe_device_mac_uq"}, H2 through the index it built for it, {@code PXE_DEVICE_MAC_UQ_INDEX_3}).
 */
final class SqlErrors {

    static final String UNIQUE_VIOLATION = "23505";

    /*
     * Conflicts with a concurrent transaction that are over when it ends: serialization failure,
     * PostgreSQL deadlock and lock-not-available, H2 lock timeout and concurrent update. Retrying
     * the whole transaction is the remedy.
     */
    private static final Set<String> TRANSIENT = Set.of("40001", "40P01", "55P03", "HYT00", "90131");

    private SqlErrors() {
    }

    static boolean isUniqueViolation(SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState());
    }

    /** Which device field a unique violation is about; empty for other tables' keys. */
    static Optional<DuplicateException.Field> duplicateField(SQLException e) {
        if (!isUniqueViolation(e)) {
            return Optional.empty();
        }
        String text = messages(e);
        if (text.contains("pxe_device_mac_uq")) {
            return Optional.of(DuplicateException.Field.MAC);
        }
        if (text.contains("pxe_device_guid_uq")) {
            return Optional.of(DuplicateException.Field.GUID);
        }
        if (text.contains("pxe_device_name_uq")) {
            return Optional.of(DuplicateException.Field.NAME);
        }
        return Optional.empty();
    }

    static boolean isTransient(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (x.getSQLState() != null && TRANSIENT.contains(x.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** The error as the operator should read it, with what to check when the database is unreachable. */
    static StorageException storageFailure(String action, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        boolean connection = state.startsWith("08") || state.equals("28000") || state.equals("28P01")
                || e instanceof SQLNonTransientConnectionException || e instanceof SQLTransientConnectionException;
        String detail = firstLine(e.getMessage()) + (state.isEmpty() ? "" : " (SQL state " + state + ")");
        if (diskFull(e)) {
            return new StorageException("cannot " + action + ": the disk holding the policy database is full "
                    + "(No space left on device); free some space there: " + detail, e);
        }
        if (connection) {
            return new StorageException("cannot " + action + ": the policy database is unreachable or refused the login: "
                    + detail + ". Check the url, user and password of the pxe data source "
                    + "(etc/org.ops4j.datasource-pxe.cfg) and that the database is running", e);
        }
        if (isTransient(e)) {
            return new StorageException("cannot " + action + ": the policy database stayed busy with "
                    + "conflicting changes; try again: " + detail, e);
        }
        return new StorageException("cannot " + action + ": the policy database failed: " + detail, e);
    }

    /** Whether the database's disk ran out of room, as the operating system reported it anywhere in the chain. */
    static boolean diskFull(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            for (Throwable t = x; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t.getMessage() != null && t.getMessage().contains("No space left on device")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String messages(SQLException e) {
        StringBuilder b = new StringBuilder();
        for (SQLException x = e; x != null; x = x.getNextException()) {
            b.append(x.getMessage()).append('\n');
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
