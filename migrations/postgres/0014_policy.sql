-- Issue 14: the policy status of each institution (speerpunt B, objectives
-- 1 and 3), its history (who, when, from -> to) and its documents. A
-- document's bytes live in the database under a generated id, never under
-- the uploaded name, so nothing the web serves is a file the uploader named.
CREATE TABLE policy_status (
    institution_code  TEXT PRIMARY KEY REFERENCES institutions (code),
    vision_stage      TEXT NOT NULL CHECK (vision_stage IN ('none', 'draft', 'adopted')),
    vision_adopted_on DATE,
    plan_stage        TEXT NOT NULL CHECK (plan_stage IN ('none', 'draft', 'adopted')),
    plan_adopted_on   DATE,
    development_stage TEXT NOT NULL CHECK (development_stage IN ('none', 'draft', 'adopted')),
    development_adopted_on DATE,
    covers_ict        BOOLEAN NOT NULL,
    covers_cyber      BOOLEAN NOT NULL,
    updated_by        TEXT NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);

CREATE TABLE policy_history (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    institution_code  TEXT NOT NULL REFERENCES institutions (code),
    field             TEXT NOT NULL,
    from_value        TEXT NOT NULL,
    to_value          TEXT NOT NULL,
    changed_by        TEXT NOT NULL,
    changed_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX policy_history_institution ON policy_history (institution_code, changed_at);

CREATE TABLE policy_documents (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    institution_code  TEXT NOT NULL REFERENCES institutions (code),
    -- What it documents: the vision, the action plan, the development
    -- policy, or other evidence.
    topic             TEXT NOT NULL CHECK (topic IN ('vision', 'plan', 'development', 'evidence')),
    title             TEXT NOT NULL,
    -- The uploaded name, sanitised; the extension follows the content.
    file_name         TEXT NOT NULL,
    -- Decided from the content: pdf, docx or odt.
    kind              TEXT NOT NULL CHECK (kind IN ('pdf', 'docx', 'odt')),
    size              BIGINT NOT NULL CHECK (size > 0),
    year              BIGINT NOT NULL,
    shared            BOOLEAN NOT NULL,
    shared_at         TIMESTAMPTZ,
    uploaded_by       TEXT NOT NULL,
    uploaded_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX policy_documents_institution ON policy_documents (institution_code);
CREATE INDEX policy_documents_shared ON policy_documents (shared, year);

CREATE TABLE policy_document_content (
    document_id       BIGINT PRIMARY KEY REFERENCES policy_documents (id) ON DELETE CASCADE,
    content           BYTEA NOT NULL
);
