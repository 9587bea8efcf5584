-- Shared form of the probe migration: taken only when no file for the database exists.
CREATE TABLE IF NOT EXISTS probe_shared (id INTEGER PRIMARY KEY);
