-- PostgreSQL's own form of the probe migration, which must win over the shared one.
CREATE TABLE IF NOT EXISTS probe_postgresql (id INTEGER PRIMARY KEY);
