-- The anonymous survey (issue 5, SPEC §6). docs/ANONYMITY.md explains every column for the
-- staff council and the data-protection officer.

-- One row per city and wave that abbild runs itself. Day precision only.
CREATE TABLE survey_waves (
    ags       INTEGER NOT NULL CHECK (ags BETWEEN 0 AND 99999999),
    wave      INTEGER NOT NULL CHECK (wave BETWEEN 1950 AND 2200),
    import_id INTEGER NOT NULL REFERENCES imports (id),  -- the responses are stored under this import
    open      INTEGER NOT NULL CHECK (open IN (0, 1)),
    opened_on TEXT    NOT NULL,
    closed_on TEXT,
    PRIMARY KEY (ags, wave)
) STRICT;

-- Access codes: only the SHA-256 of each code, and whether it was used. No time of use, no
-- link to a response. Keyed by the hash, so the table's order is the hashes' (random) order.
CREATE TABLE survey_codes (
    code_hash TEXT    NOT NULL PRIMARY KEY CHECK (length(code_hash) = 64),
    ags       INTEGER NOT NULL,
    wave      INTEGER NOT NULL,
    used      INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1)),
    FOREIGN KEY (ags, wave) REFERENCES survey_waves (ags, wave)
) STRICT, WITHOUT ROWID;
