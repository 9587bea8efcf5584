-- H2's own form of the probe migration, which must win over the shared one.
CREATE TABLE IF NOT EXISTS probe_h2 (id INTEGER PRIMARY KEY);
