-- The anonymous survey. Parallel to ../sqlite/0003_survey.sql.

CREATE TABLE survey_waves (
    ags       BIGINT  NOT NULL CHECK (ags BETWEEN 0 AND 99999999),
    wave      BIGINT  NOT NULL CHECK (wave BETWEEN 1950 AND 2200),
    import_id BIGINT  NOT NULL REFERENCES imports (id),
    open      BOOLEAN NOT NULL,
    opened_on TEXT    NOT NULL,
    closed_on TEXT,
    PRIMARY KEY (ags, wave)
);

CREATE TABLE survey_codes (
    code_hash TEXT    NOT NULL PRIMARY KEY CHECK (length(code_hash) = 64),
    ags       BIGINT  NOT NULL,
    wave      BIGINT  NOT NULL,
    used      BOOLEAN NOT NULL DEFAULT FALSE,
    FOREIGN KEY (ags, wave) REFERENCES survey_waves (ags, wave)
);
