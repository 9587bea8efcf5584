-- Banned GUIDs, and the GUID sightings from which duplicate GUIDs are found.
-- Safe to repeat, like every migration (see V1__devices.sql).

CREATE TABLE IF NOT EXISTS pxe_banned_guid (
    guid      VARCHAR(36) NOT NULL,
    reason    VARCHAR(255) NOT NULL,
    banned_at BIGINT NOT NULL,
    CONSTRAINT pxe_banned_guid_pk PRIMARY KEY (guid)
);

-- One row per GUID and MAC pair, so the table grows with the number of machines, not of boots.
-- mac: lower-case hex of the whole hardware address (not only 6-byte Ethernet ones).
CREATE TABLE IF NOT EXISTS pxe_guid_sighting (
    guid       VARCHAR(36) NOT NULL,
    mac        VARCHAR(32) NOT NULL,
    first_seen BIGINT NOT NULL,
    last_seen  BIGINT NOT NULL,
    CONSTRAINT pxe_guid_sighting_pk PRIMARY KEY (guid, mac)
);
