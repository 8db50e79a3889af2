-- Accounts, sessions, API tokens and the audit log of administrative actions (issue 4).
-- Nothing here refers to survey responses: who logs in is never linked to what anyone answered.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,              -- argon2id PHC string; the password itself is never stored
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'coordinator', 'analyst', 'viewer')),
    ags           INTEGER CHECK (ags BETWEEN 0 AND 99999999), -- the one city of analyst/viewer
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    INTEGER NOT NULL,              -- unix seconds
    CHECK ((role IN ('analyst', 'viewer')) = (ags IS NOT NULL))
) STRICT;

-- The cookie carries a random token; only its SHA-256 is stored, so a copy of the database
-- does not let anyone take over a session.
CREATE TABLE sessions (
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf       TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label      TEXT    NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

-- Who did what when. Append-only for the application.
CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    at     INTEGER NOT NULL,
    actor  TEXT    NOT NULL,
    action TEXT    NOT NULL,
    detail TEXT    NOT NULL
) STRICT;
