-- What V2__broken becomes once repaired: runs again over what the failed run left.
CREATE TABLE IF NOT EXISTS probe_half_done (id INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS probe_fixed (id INTEGER PRIMARY KEY);
