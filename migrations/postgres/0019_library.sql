-- Issue 16, items 1-3: the public library, its files, download counts and
-- usage reports ("Ik heb dit ingezet"). See the SQLite migration of the
-- same number for the rules; full-text search here is a GIN index on the
-- expression the store's query uses (library::store::search).
CREATE TABLE library_items (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind IN ('publication', 'report', 'scan_report', 'advice', 'experiment', 'campaign_material')),
    title            TEXT NOT NULL,
    summary          TEXT NOT NULL,
    theme            TEXT NOT NULL CHECK (theme IN ('ict_competence', 'digital_safety', 'digital_didactics', 'policy')),
    audiences        TEXT NOT NULL,
    school_year      BIGINT NOT NULL,
    licence          TEXT NOT NULL,
    authors          TEXT NOT NULL,
    authors_consent  BOOLEAN NOT NULL,
    links            TEXT NOT NULL,
    experiment_id    BIGINT UNIQUE REFERENCES experiments (id),
    published_at     TIMESTAMPTZ,
    created_by       TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    CHECK (authors = '' OR authors_consent)
);
CREATE INDEX library_items_published ON library_items (published_at, id);
-- The list's school-year choices without reading every row.
CREATE INDEX library_items_years ON library_items (school_year, published_at);
CREATE INDEX library_items_fts ON library_items
    USING GIN (to_tsvector('simple', title || ' ' || summary || ' ' || authors));

CREATE TABLE library_files (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id       BIGINT NOT NULL REFERENCES library_items (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('pdf', 'docx', 'odt')),
    size          BIGINT NOT NULL CHECK (size > 0),
    created_by    TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX library_files_item ON library_files (item_id, id);
CREATE TABLE library_file_content (
    file_id   BIGINT PRIMARY KEY REFERENCES library_files (id) ON DELETE CASCADE,
    content   BYTEA NOT NULL
);

CREATE TABLE library_downloads (
    file_id  BIGINT NOT NULL REFERENCES library_files (id) ON DELETE CASCADE,
    day      DATE NOT NULL,
    count    BIGINT NOT NULL,
    PRIMARY KEY (file_id, day)
);

CREATE TABLE library_usage (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id       BIGINT NOT NULL REFERENCES library_items (id) ON DELETE CASCADE,
    role          TEXT NOT NULL CHECK (role IN ('teacher', 'educationalist', 'manager', 'support', 'other')),
    place         TEXT NOT NULL,
    how           TEXT NOT NULL CHECK (how IN ('lesson', 'training', 'policy', 'campaign', 'other')),
    note          TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
    submitted_on  DATE NOT NULL,
    moderated_by  TEXT,
    moderated_at  TIMESTAMPTZ,
    CHECK ((state = 'pending') = (moderated_by IS NULL))
);
CREATE INDEX library_usage_item ON library_usage (item_id, state);
CREATE INDEX library_usage_state ON library_usage (state, id);
