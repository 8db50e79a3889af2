-- Apprentice pipeline and exits (SPEC §3). Kept parallel to ../sqlite/0004_pipeline.sql.
--
-- Both files hold aggregate counts from HR, never persons: how many of a group reached a stage
-- of a selection procedure, and how many of a group left during a year.

-- 1. `imports` and `import_scope` admit the two new kinds.
ALTER TABLE imports
    DROP CONSTRAINT imports_kind_check,
    ADD CONSTRAINT imports_kind_check
        CHECK (kind IN ('staff', 'responses', 'population', 'pipeline', 'exits'));
ALTER TABLE import_scope
    DROP CONSTRAINT import_scope_kind_check,
    ADD CONSTRAINT import_scope_kind_check
        CHECK (kind IN ('staff', 'responses', 'population', 'pipeline', 'exits'));

-- 2. Apprentice recruitment: persons of a group (migration history with/without/unknown) who
-- reached a stage of the selection procedure for an occupation. Stage names are the city's own;
-- stage_order places them in the funnel (1 = applied).
CREATE TABLE pipeline (
    import_id       BIGINT  NOT NULL REFERENCES imports (id),
    ags             BIGINT  NOT NULL CHECK (ags BETWEEN 0 AND 99999999),
    year            BIGINT  NOT NULL CHECK (year BETWEEN 1950 AND 2200),
    occupation      TEXT    NOT NULL CHECK (length(occupation) BETWEEN 1 AND 120),
    stage           TEXT    NOT NULL CHECK (length(stage) BETWEEN 1 AND 60),
    stage_order     BIGINT  NOT NULL CHECK (stage_order BETWEEN 1 AND 65535),
    migration_group TEXT    NOT NULL CHECK (migration_group IN ('with', 'without', 'unknown')),
    persons         BIGINT  NOT NULL CHECK (persons >= 0)
);
CREATE INDEX pipeline_city_year ON pipeline (ags, year);
CREATE INDEX pipeline_import ON pipeline (import_id);

-- 3. Exits: of `headcount` employees of a group (and segment) at the start of the year, `exits`
-- left during it, for `reason` if the file gave one. NULL segment column = the file did not
-- carry that column; NULL reason = not recorded.
CREATE TABLE exits (
    import_id       BIGINT  NOT NULL REFERENCES imports (id),
    ags             BIGINT  NOT NULL CHECK (ags BETWEEN 0 AND 99999999),
    year            BIGINT  NOT NULL CHECK (year BETWEEN 1950 AND 2200),
    field           TEXT,
    level           TEXT    CHECK (level IN ('einfach', 'mittel', 'gehoben', 'hoeher')),
    status          TEXT    CHECK (status IN ('beamte', 'tarif', 'azubi')),
    leadership      BOOLEAN,
    age_from        BIGINT,
    age_to          BIGINT,
    sex             TEXT    CHECK (sex IN ('w', 'm', 'd', 'x')),
    migration_group TEXT    NOT NULL CHECK (migration_group IN ('with', 'without', 'unknown')),
    reason          TEXT    CHECK (reason IN ('retirement', 'resignation', 'contract_end', 'not_taken_over', 'other')),
    headcount       BIGINT  NOT NULL CHECK (headcount >= 0),
    exits           BIGINT  NOT NULL CHECK (exits >= 0 AND exits <= headcount),
    CHECK ((age_from IS NULL) = (age_to IS NULL)),
    CHECK (age_from IS NULL OR (age_from >= 0 AND age_from <= age_to AND age_to <= 120))
);
CREATE INDEX exits_city_year ON exits (ags, year);
CREATE INDEX exits_import ON exits (import_id);
