-- Issue 16, items 1-3: the public library, its files, download counts and
-- usage reports ("Ik heb dit ingezet").
--
-- An item is invisible to the public while published_at is NULL. An item
-- published from a workshop experiment refers to it (once). Authors are
-- named only with their consent (the CHECK). Download counts are a number
-- per file and day: no address, no time, no cookie (library::counter).
-- A usage report holds no e-mail and no name, and counts only once the
-- programme manager approved it.
CREATE TABLE library_items (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind IN ('publication', 'report', 'scan_report', 'advice', 'experiment', 'campaign_material')),
    title            TEXT NOT NULL,
    summary          TEXT NOT NULL,
    theme            TEXT NOT NULL CHECK (theme IN ('ict_competence', 'digital_safety', 'digital_didactics', 'policy')),
    -- Comma-separated: teacher, educationalist, manager, support.
    audiences        TEXT NOT NULL,
    school_year      BIGINT NOT NULL,
    licence          TEXT NOT NULL,
    -- One name per line; '' unless the authors consented.
    authors          TEXT NOT NULL,
    authors_consent  BOOLEAN NOT NULL,
    -- One address per line.
    links            TEXT NOT NULL,
    experiment_id    BIGINT UNIQUE REFERENCES experiments (id),
    published_at     TEXT,
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK (authors = '' OR authors_consent)
);
CREATE INDEX library_items_published ON library_items (published_at, id);
-- The list's school-year choices without reading every row.
CREATE INDEX library_items_years ON library_items (school_year, published_at);

-- Full-text search: SQLite's FTS5 over title, summary and authors, kept by
-- triggers (PostgreSQL: a GIN index on the same text). The schema test
-- leaves these objects out of its comparison (tests/app/schema.rs).
-- Every search word is a prefix ("veil" finds "veilig"): prefix indexes
-- of 2 to 4 characters keep short prefixes from scanning the vocabulary.
CREATE VIRTUAL TABLE library_fts USING fts5(
    title, summary, authors,
    content = 'library_items', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '2 3 4'
);
CREATE TRIGGER library_items_fts_insert AFTER INSERT ON library_items BEGIN
    INSERT INTO library_fts (rowid, title, summary, authors)
        VALUES (new.id, new.title, new.summary, new.authors);
END;
CREATE TRIGGER library_items_fts_delete AFTER DELETE ON library_items BEGIN
    INSERT INTO library_fts (library_fts, rowid, title, summary, authors)
        VALUES ('delete', old.id, old.title, old.summary, old.authors);
END;
CREATE TRIGGER library_items_fts_update AFTER UPDATE OF title, summary, authors ON library_items BEGIN
    INSERT INTO library_fts (library_fts, rowid, title, summary, authors)
        VALUES ('delete', old.id, old.title, old.summary, old.authors);
    INSERT INTO library_fts (rowid, title, summary, authors)
        VALUES (new.id, new.title, new.summary, new.authors);
END;

CREATE TABLE library_files (
    id            INTEGER PRIMARY KEY,
    item_id       BIGINT NOT NULL REFERENCES library_items (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('pdf', 'docx', 'odt')),
    size          BIGINT NOT NULL CHECK (size > 0),
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX library_files_item ON library_files (item_id, id);
CREATE TABLE library_file_content (
    file_id   BIGINT PRIMARY KEY NOT NULL REFERENCES library_files (id) ON DELETE CASCADE,
    content   BLOB NOT NULL
);

CREATE TABLE library_downloads (
    file_id  BIGINT NOT NULL REFERENCES library_files (id) ON DELETE CASCADE,
    day      TEXT NOT NULL,
    count    BIGINT NOT NULL,
    PRIMARY KEY (file_id, day)
);

CREATE TABLE library_usage (
    id            INTEGER PRIMARY KEY,
    item_id       BIGINT NOT NULL REFERENCES library_items (id) ON DELETE CASCADE,
    role          TEXT NOT NULL CHECK (role IN ('teacher', 'educationalist', 'manager', 'support', 'other')),
    place         TEXT NOT NULL,
    how           TEXT NOT NULL CHECK (how IN ('lesson', 'training', 'policy', 'campaign', 'other')),
    note          TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
    -- The day, not the time, it was sent.
    submitted_on  TEXT NOT NULL,
    moderated_by  TEXT,
    moderated_at  TEXT,
    CHECK ((state = 'pending') = (moderated_by IS NULL))
);
CREATE INDEX library_usage_item ON library_usage (item_id, state);
CREATE INDEX library_usage_state ON library_usage (state, id);
