-- Saved projection scenarios (issue 6): per city, by name. The body is the scenario as JSON
-- (abbild_core::projection::Scenario); it holds settings, never person-level data.
CREATE TABLE scenarios (
    ags      INTEGER NOT NULL CHECK (ags BETWEEN 0 AND 99999999),
    name     TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    body     TEXT    NOT NULL,
    saved_on TEXT    NOT NULL,
    saved_by TEXT    NOT NULL,
    PRIMARY KEY (ags, name)
) STRICT;
