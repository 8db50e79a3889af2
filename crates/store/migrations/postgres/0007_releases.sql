-- The release registry (issue 13, SPEC §5 "releases build on each other"): every protected
-- table that left abbild from stored data, with the cells it published. A later table of the
-- same data is protected given all of them. Holds only figures that were published anyway.
CREATE TABLE releases (
    id          BIGSERIAL PRIMARY KEY,
    ags         BIGINT NOT NULL CHECK (ags BETWEEN 0 AND 99999999),
    -- What data the cells are of: survey wave and definition, e.g. "2024/eg".
    scope       TEXT   NOT NULL,
    -- SHA-256 of the finest counts the protection saw: another data state is another scope.
    data_sha    TEXT   NOT NULL CHECK (char_length(data_sha) = 64),
    -- The grouping, e.g. "field,level".
    dims        TEXT   NOT NULL,
    -- Where it left: page, api, cli, report.
    channel     TEXT   NOT NULL,
    released_on TEXT   NOT NULL,
    -- The published cells as JSON: [{"dims": [..], "key": [..], "value": n}, ...].
    cells       TEXT   NOT NULL,
    cells_sha   TEXT   NOT NULL CHECK (char_length(cells_sha) = 64),
    UNIQUE (ags, scope, data_sha, dims, cells_sha)
);
