-- abbild schema, SQLite dialect. Kept parallel to ../postgres/0001_init.sql: same tables, same
-- columns, same constraints; only the type names and the table options differ.
--
-- What is stored about survey responses (SPEC §6), for the staff council and the data-protection
-- officer: see the comment on `responses` below.

-- One row per imported file. The only table with a date, and that date has day precision.
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused, so a deleted import's id stays unambiguous
    kind        TEXT    NOT NULL CHECK (kind IN ('staff', 'responses', 'population')),
    file_name   TEXT    NOT NULL,
    sha256      TEXT    NOT NULL CHECK (length(sha256) = 64),
    dims        TEXT    NOT NULL,                  -- segment columns the file carried, e.g. 'field,level'
    row_count   INTEGER NOT NULL CHECK (row_count >= 0),
    imported_on TEXT    NOT NULL CHECK (imported_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    UNIQUE (kind, sha256)
) STRICT;

-- Which (city, year or wave[, definition, source]) each import covers. The primary key makes
-- overlapping imports impossible even under concurrent writers.
CREATE TABLE import_scope (
    kind       TEXT    NOT NULL CHECK (kind IN ('staff', 'responses', 'population')),
    ags        INTEGER NOT NULL CHECK (ags BETWEEN 0 AND 99999999),
    period     INTEGER NOT NULL CHECK (period BETWEEN 1950 AND 2200), -- year, or wave for responses
    definition TEXT    NOT NULL DEFAULT '',     -- population only, '' otherwise
    source     TEXT    NOT NULL DEFAULT '',     -- population only, '' otherwise
    import_id  INTEGER NOT NULL REFERENCES imports (id),
    PRIMARY KEY (kind, ags, period, definition, source)
) STRICT, WITHOUT ROWID;
CREATE INDEX import_scope_import ON import_scope (import_id);

-- HR headcount per segment. NULL segment column = the file did not carry that column.
CREATE TABLE staff (
    import_id  INTEGER NOT NULL REFERENCES imports (id),
    ags        INTEGER NOT NULL CHECK (ags BETWEEN 0 AND 99999999),
    year       INTEGER NOT NULL CHECK (year BETWEEN 1950 AND 2200),
    field      TEXT,
    level      TEXT    CHECK (level IN ('einfach', 'mittel', 'gehoben', 'hoeher')),
    status     TEXT    CHECK (status IN ('beamte', 'tarif', 'azubi')),
    leadership INTEGER CHECK (leadership IN (0, 1)),
    age_from   INTEGER,
    age_to     INTEGER,
    sex        TEXT    CHECK (sex IN ('w', 'm', 'd', 'x')),
    headcount  INTEGER NOT NULL CHECK (headcount >= 0),
    CHECK ((age_from IS NULL) = (age_to IS NULL)),
    CHECK (age_from IS NULL OR (age_from >= 0 AND age_from <= age_to AND age_to <= 120))
) STRICT;
CREATE INDEX staff_city_year ON staff (ags, year);
CREATE INDEX staff_import ON staff (import_id);

-- One row per survey response. Anonymity by design:
--   * no code, no code hash, no IP, no user agent, no session, no timestamp;
--   * the key is 128 random bits, and the table is WITHOUT ROWID, so rows are stored in key
--     order: nothing in the file reveals the order in which responses were submitted or imported;
--   * the only link is import_id (which file the rows came from).
-- Answers are the seven items of SPEC §1 as readable codes ('yes', 'no', 'unknown') so that the
-- staff council can read the table directly. NULL segment column = absent or "keine Angabe".
CREATE TABLE responses (
    id                     BLOB    NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    import_id              INTEGER NOT NULL REFERENCES imports (id),
    ags                    INTEGER NOT NULL CHECK (ags BETWEEN 0 AND 99999999),
    wave                   INTEGER NOT NULL CHECK (wave BETWEEN 1950 AND 2200),
    field                  TEXT,
    level                  TEXT    CHECK (level IN ('einfach', 'mittel', 'gehoben', 'hoeher')),
    status                 TEXT    CHECK (status IN ('beamte', 'tarif', 'azubi')),
    leadership             INTEGER CHECK (leadership IN (0, 1)),
    age_from               INTEGER,
    age_to                 INTEGER,
    sex                    TEXT    CHECK (sex IN ('w', 'm', 'd', 'x')),
    self_born_abroad       TEXT    NOT NULL CHECK (self_born_abroad IN ('yes', 'no', 'unknown')),
    self_german_at_birth   TEXT    NOT NULL CHECK (self_german_at_birth IN ('yes', 'no', 'unknown')),
    self_german_now        TEXT    NOT NULL CHECK (self_german_now IN ('yes', 'no', 'unknown')),
    mother_born_abroad     TEXT    NOT NULL CHECK (mother_born_abroad IN ('yes', 'no', 'unknown')),
    father_born_abroad     TEXT    NOT NULL CHECK (father_born_abroad IN ('yes', 'no', 'unknown')),
    mother_german_at_birth TEXT    NOT NULL CHECK (mother_german_at_birth IN ('yes', 'no', 'unknown')),
    father_german_at_birth TEXT    NOT NULL CHECK (father_german_at_birth IN ('yes', 'no', 'unknown')),
    languages              TEXT    NOT NULL DEFAULT '', -- ISO 639-1 codes, sorted, ';'-joined
    CHECK ((age_from IS NULL) = (age_to IS NULL)),
    CHECK (age_from IS NULL OR (age_from >= 0 AND age_from <= age_to AND age_to <= 120))
) STRICT, WITHOUT ROWID;
CREATE INDEX responses_city_wave ON responses (ags, wave);
CREATE INDEX responses_import ON responses (import_id);

-- Population benchmark rows.
CREATE TABLE population (
    import_id      INTEGER NOT NULL REFERENCES imports (id),
    ags            INTEGER NOT NULL CHECK (ags BETWEEN 0 AND 99999999),
    year           INTEGER NOT NULL CHECK (year BETWEEN 1950 AND 2200),
    definition     TEXT    NOT NULL CHECK (definition IN ('mh', 'eg', 'eg_nrw')),
    source         TEXT    NOT NULL CHECK (source IN ('zensus2022', 'mikrozensus', 'register')),
    age_from       INTEGER NOT NULL,
    age_to         INTEGER NOT NULL,
    sex            TEXT    CHECK (sex IN ('w', 'm', 'd', 'x')),
    persons        INTEGER NOT NULL CHECK (persons >= 0),
    with_migration INTEGER NOT NULL CHECK (with_migration >= 0 AND with_migration <= persons),
    CHECK (age_from >= 0 AND age_from <= age_to AND age_to <= 120)
) STRICT;
CREATE INDEX population_city_year ON population (ags, year);
CREATE INDEX population_import ON population (import_id);
