package org.karafpxe.store.internal;

import java.util.Locale;

/**
 * The databases the store runs on, told apart by the product name the JDBC driver reports. The
 * SQL is shared; what differs is how migrations are serialised and how a commit is made durable.
 */
public enum Dialect {
    /** H2 2.x, embedded in the server: one process, its file locked by that process. */
    H2("h2"),
    /** PostgreSQL 12 or later, possibly shared by several servers. */
    POSTGRESQL("postgresql"),
    /** Any other database: the store refuses it rather than guess at its SQL. */
    UNKNOWN("unknown");

    private final String key;

    Dialect(String key) {
        this.key = key;
    }

    /** The suffix of per-database migration files, as in {@code V1__devices.h2.sql}. */
    public String key() {
        return key;
    }

    /** From {@code DatabaseMetaData.getDatabaseProductName()}. */
    public static Dialect of(String productName) {
        String name = productName == null ? "" : productName.trim().toLowerCase(Locale.ROOT);
        if (name.equals("h2")) {
            return H2;
        }
        if (name.equals("postgresql")) {
            return POSTGRESQL;
        }
        return UNKNOWN;
    }
}
