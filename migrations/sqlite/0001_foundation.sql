-- Foundation: institutions, accounts and grants, login throttling, API keys,
-- the append-only audit log and a small key/value settings table.

CREATE TABLE institutions (
    code            TEXT PRIMARY KEY NOT NULL,
    name            TEXT NOT NULL,
    place           TEXT NOT NULL,
    region          TEXT NOT NULL,
    teaching_staff  BIGINT NOT NULL CHECK (teaching_staff >= 0),
    status          TEXT NOT NULL CHECK (status IN ('active', 'inactive')),
    -- Lower-cased "code name place", filled by the application, because
    -- SQLite's LOWER() only folds ASCII.
    search_text     TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX institutions_name ON institutions (name);

CREATE TABLE users (
    id                    INTEGER PRIMARY KEY,
    username              TEXT NOT NULL UNIQUE,
    display_name          TEXT NOT NULL,
    email                 TEXT,
    password_hash         TEXT NOT NULL,
    active                BOOLEAN NOT NULL DEFAULT TRUE,
    must_change_password  BOOLEAN NOT NULL DEFAULT FALSE,
    session_version       BIGINT NOT NULL DEFAULT 0,
    created_at            TEXT NOT NULL
);

CREATE TABLE grants (
    id                INTEGER PRIMARY KEY,
    user_id           BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role              TEXT NOT NULL,
    institution_code  TEXT REFERENCES institutions (code),
    created_at        TEXT NOT NULL
);
CREATE UNIQUE INDEX grants_unique ON grants (user_id, role, COALESCE(institution_code, ''));

CREATE TABLE login_throttle (
    username      TEXT PRIMARY KEY NOT NULL,
    failures      BIGINT NOT NULL,
    window_start  TEXT NOT NULL,
    locked_until  TEXT
);

CREATE TABLE api_keys (
    id            INTEGER PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    key_hash      TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL,
    revoked_at    TEXT
);

CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    occurred_at  TEXT NOT NULL,
    actor_id     BIGINT,
    actor        TEXT NOT NULL,
    entity       TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    action       TEXT NOT NULL,
    summary      TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TABLE settings (
    key    TEXT PRIMARY KEY NOT NULL,
    value  TEXT NOT NULL
);
