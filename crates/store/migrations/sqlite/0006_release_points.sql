-- Release points (issue 13, SPEC §6): a wave's results are published only when the wave closes
-- or at an interim release, never live. docs/ANONYMITY.md explains both additions.

-- Which release an answer belongs to. NULL: not released yet (the analyses do not see it).
-- Rows imported from files are released at import (0). The mark says only which release
-- batch an answer belongs to; every batch has 0 or at least k answers in every published
-- segment.
ALTER TABLE responses ADD COLUMN release_no INTEGER CHECK (release_no >= 0);

-- One row per release point of a survey wave run by abbild. Day precision only.
CREATE TABLE survey_releases (
    ags         INTEGER NOT NULL,
    wave        INTEGER NOT NULL,
    release_no  INTEGER NOT NULL CHECK (release_no >= 1),
    released_on TEXT    NOT NULL CHECK (released_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    responses   INTEGER NOT NULL CHECK (responses >= 0),   -- answers released at this point
    kind        TEXT    NOT NULL CHECK (kind IN ('interim', 'final')),
    PRIMARY KEY (ags, wave, release_no),
    FOREIGN KEY (ags, wave) REFERENCES survey_waves (ags, wave)
) STRICT;

-- Existing data: imported answers are released (0); a closed wave's answers form its final
-- release (1); an open wave's answers wait for its closing or an interim release.
UPDATE responses SET release_no = 0
    WHERE import_id NOT IN (SELECT import_id FROM survey_waves);
INSERT INTO survey_releases (ags, wave, release_no, released_on, responses, kind)
    SELECT w.ags, w.wave, 1, COALESCE(w.closed_on, w.opened_on),
           (SELECT COUNT(*) FROM responses r WHERE r.import_id = w.import_id), 'final'
    FROM survey_waves w WHERE w.open = 0;
UPDATE responses SET release_no = 1
    WHERE import_id IN (SELECT import_id FROM survey_waves WHERE open = 0);
