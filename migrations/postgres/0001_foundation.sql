-- Foundation: institutions, accounts and grants, login throttling, API keys,
-- the append-only audit log and a small key/value settings table.

CREATE TABLE institutions (
    code            TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    place           TEXT NOT NULL,
    region          TEXT NOT NULL,
    teaching_staff  BIGINT NOT NULL CHECK (teaching_staff >= 0),
    status          TEXT NOT NULL CHECK (status IN ('active', 'inactive')),
    -- Lower-cased "code name place", filled by the application, because
    -- SQLite's LOWER() only folds ASCII.
    search_text     TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX institutions_name ON institutions (name);

CREATE TABLE users (
    id                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username              TEXT NOT NULL UNIQUE,
    display_name          TEXT NOT NULL,
    email                 TEXT,
    password_hash         TEXT NOT NULL,
    active                BOOLEAN NOT NULL DEFAULT TRUE,
    must_change_password  BOOLEAN NOT NULL DEFAULT FALSE,
    session_version       BIGINT NOT NULL DEFAULT 0,
    created_at            TIMESTAMPTZ NOT NULL
);

CREATE TABLE grants (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id           BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role              TEXT NOT NULL,
    institution_code  TEXT REFERENCES institutions (code),
    created_at        TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX grants_unique ON grants (user_id, role, COALESCE(institution_code, ''));

CREATE TABLE login_throttle (
    username      TEXT PRIMARY KEY,
    failures      BIGINT NOT NULL,
    window_start  TIMESTAMPTZ NOT NULL,
    locked_until  TIMESTAMPTZ
);

CREATE TABLE api_keys (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    key_hash      TEXT NOT NULL UNIQUE,
    created_at    TIMESTAMPTZ NOT NULL,
    revoked_at    TIMESTAMPTZ
);

CREATE TABLE audit_log (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at  TIMESTAMPTZ NOT NULL,
    actor_id     BIGINT,
    actor        TEXT NOT NULL,
    entity       TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    action       TEXT NOT NULL,
    summary      TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
