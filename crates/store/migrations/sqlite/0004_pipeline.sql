-- Apprentice pipeline and exits (SPEC §3). Kept parallel to ../postgres/0004_pipeline.sql.
--
-- Both files hold aggregate counts from HR, never persons: how many of a group reached a stage
-- of a selection procedure, and how many of a group left during a year.

-- 1. `imports` and `import_scope` admit the two new kinds.
--
-- SQLite cannot change a CHECK constraint in place, so both tables are rebuilt. sqlx runs a
-- migration inside a transaction, where foreign keys cannot be switched off; instead they are
-- deferred to the commit: dropping `imports` counts every row that refers to it as a violation,
-- re-inserting the same ids counts them off again, and the commit fails if any is left.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE import_scope_0004 (
    kind       TEXT    NOT NULL CHECK (kind IN ('staff', 'responses', 'population', 'pipeline', 'exits')),
    ags        INTEGER NOT NULL CHECK (ags BETWEEN 0 AND 99999999),
    period     INTEGER NOT NULL CHECK (period BETWEEN 1950 AND 2200), -- year, or wave for responses
    definition TEXT    NOT NULL DEFAULT '',     -- population only, '' otherwise
    source     TEXT    NOT NULL DEFAULT '',     -- population only, '' otherwise
    import_id  INTEGER NOT NULL REFERENCES imports (id),
    PRIMARY KEY (kind, ags, period, definition, source)
) STRICT, WITHOUT ROWID;
INSERT INTO import_scope_0004 (kind, ags, period, definition, source, import_id)
    SELECT kind, ags, period, definition, source, import_id FROM import_scope;
DROP TABLE import_scope;
ALTER TABLE import_scope_0004 RENAME TO import_scope;
CREATE INDEX import_scope_import ON import_scope (import_id);

-- The AUTOINCREMENT counter is carried over too: ids of deleted imports are never reused.
CREATE TABLE imports_0004 AS SELECT id, kind, file_name, sha256, dims, row_count, imported_on FROM imports;
CREATE TABLE imports_seq_0004 AS SELECT seq FROM sqlite_sequence WHERE name = 'imports';
DROP TABLE imports;
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused, so a deleted import's id stays unambiguous
    kind        TEXT    NOT NULL CHECK (kind IN ('staff', 'responses', 'population', 'pipeline', 'exits')),
    file_name   TEXT    NOT NULL,
    sha256      TEXT    NOT NULL CHECK (length(sha256) = 64),
    dims        TEXT    NOT NULL,                  -- segment columns the file carried, e.g. 'field,level'
    row_count   INTEGER NOT NULL CHECK (row_count >= 0),
    imported_on TEXT    NOT NULL CHECK (imported_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    UNIQUE (kind, sha256)
) STRICT;
INSERT INTO imports (id, kind, file_name, sha256, dims, row_count, imported_on)
    SELECT id, kind, file_name, sha256, dims, row_count, imported_on FROM imports_0004 ORDER BY id;
DELETE FROM sqlite_sequence WHERE name = 'imports';
INSERT INTO sqlite_sequence (name, seq) SELECT 'imports', seq FROM imports_seq_0004;
DROP TABLE imports_0004;
DROP TABLE imports_seq_0004;

-- 2. Apprentice recruitment: persons of a group (migration history with/without/unknown) who
-- reached a stage of the selection procedure for an occupation. Stage names are the city's own;
-- stage_order places them in the funnel (1 = applied).
CREATE TABLE pipeline (
    import_id       INTEGER NOT NULL REFERENCES imports (id),
    ags             INTEGER NOT NULL CHECK (ags BETWEEN 0 AND 99999999),
    year            INTEGER NOT NULL CHECK (year BETWEEN 1950 AND 2200),
    occupation      TEXT    NOT NULL CHECK (length(occupation) BETWEEN 1 AND 120),
    stage           TEXT    NOT NULL CHECK (length(stage) BETWEEN 1 AND 60),
    stage_order     INTEGER NOT NULL CHECK (stage_order BETWEEN 1 AND 65535),
    migration_group TEXT    NOT NULL CHECK (migration_group IN ('with', 'without', 'unknown')),
    persons         INTEGER NOT NULL CHECK (persons >= 0)
) STRICT;
CREATE INDEX pipeline_city_year ON pipeline (ags, year);
CREATE INDEX pipeline_import ON pipeline (import_id);

-- 3. Exits: of `headcount` employees of a group (and segment) at the start of the year, `exits`
-- left during it, for `reason` if the file gave one. NULL segment column = the file did not
-- carry that column; NULL reason = not recorded.
CREATE TABLE exits (
    import_id       INTEGER NOT NULL REFERENCES imports (id),
    ags             INTEGER NOT NULL CHECK (ags BETWEEN 0 AND 99999999),
    year            INTEGER NOT NULL CHECK (year BETWEEN 1950 AND 2200),
    field           TEXT,
    level           TEXT    CHECK (level IN ('einfach', 'mittel', 'gehoben', 'hoeher')),
    status          TEXT    CHECK (status IN ('beamte', 'tarif', 'azubi')),
    leadership      INTEGER CHECK (leadership IN (0, 1)),
    age_from        INTEGER,
    age_to          INTEGER,
    sex             TEXT    CHECK (sex IN ('w', 'm', 'd', 'x')),
    migration_group TEXT    NOT NULL CHECK (migration_group IN ('with', 'without', 'unknown')),
    reason          TEXT    CHECK (reason IN ('retirement', 'resignation', 'contract_end', 'not_taken_over', 'other')),
    headcount       INTEGER NOT NULL CHECK (headcount >= 0),
    exits           INTEGER NOT NULL CHECK (exits >= 0 AND exits <= headcount),
    CHECK ((age_from IS NULL) = (age_to IS NULL)),
    CHECK (age_from IS NULL OR (age_from >= 0 AND age_from <= age_to AND age_to <= 120))
) STRICT;
CREATE INDEX exits_city_year ON exits (ags, year);
CREATE INDEX exits_import ON exits (import_id);
