-- Keys the servers sharing this database use alike: "task-callback" signs the completion callback
-- of each boot task, so that only the script served to a device can clear its task.
-- Safe to repeat, like every migration (see V1__devices.sql).

CREATE TABLE IF NOT EXISTS pxe_secret (
    name   VARCHAR(64) NOT NULL,
    secret VARCHAR(128) NOT NULL,
    CONSTRAINT pxe_secret_pk PRIMARY KEY (name)
);
