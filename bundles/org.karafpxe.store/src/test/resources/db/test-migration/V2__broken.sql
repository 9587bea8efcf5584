-- Fails at its second statement, after its first has created a table.
CREATE TABLE IF NOT EXISTS probe_half_done (id INTEGER PRIMARY KEY);
CREATE TABLE probe_broken (id NO_SUCH_TYPE);
