-- Release points. Parallel to ../sqlite/0006_release_points.sql.

ALTER TABLE responses ADD COLUMN release_no BIGINT CHECK (release_no >= 0);

CREATE TABLE survey_releases (
    ags         BIGINT NOT NULL,
    wave        BIGINT NOT NULL,
    release_no  BIGINT NOT NULL CHECK (release_no >= 1),
    released_on TEXT   NOT NULL CHECK (released_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    responses   BIGINT NOT NULL CHECK (responses >= 0),
    kind        TEXT   NOT NULL CHECK (kind IN ('interim', 'final')),
    PRIMARY KEY (ags, wave, release_no),
    FOREIGN KEY (ags, wave) REFERENCES survey_waves (ags, wave)
);

UPDATE responses SET release_no = 0
    WHERE import_id NOT IN (SELECT import_id FROM survey_waves);
INSERT INTO survey_releases (ags, wave, release_no, released_on, responses, kind)
    SELECT w.ags, w.wave, 1, COALESCE(w.closed_on, w.opened_on),
           (SELECT COUNT(*) FROM responses r WHERE r.import_id = w.import_id), 'final'
    FROM survey_waves w WHERE NOT w.open;
UPDATE responses SET release_no = 1
    WHERE import_id IN (SELECT import_id FROM survey_waves WHERE NOT open);
