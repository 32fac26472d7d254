-- Issue 14, item 7: the bewegingsscan (movement scan). Scan rounds (autumn
-- 2022, autumn 2024, ...), a codebook of themes that researchers manage
-- (versioned: every change is a new version; a theme once used is retired,
-- never deleted), and per institution per round one structured interview
-- record: date, the roles interviewed (never names), follow-up actions each
-- coded with one or more themes, what worked and what did not, and short
-- quotes that appear in a report only once reviewed. A round is completed
-- when its report is published; its records are then frozen.
CREATE TABLE scan_rounds (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name              TEXT NOT NULL UNIQUE,
    year              BIGINT NOT NULL,
    state             TEXT NOT NULL CHECK (state IN ('open', 'published')),
    created_by        TEXT NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    published_on      DATE,
    published_by      TEXT,
    -- The codebook version the published report was compiled with.
    codebook_version  BIGINT,
    -- The day the report was discussed at the MBO Raad.
    discussed_on      DATE
);

CREATE TABLE scan_codebook_versions (
    version           BIGINT PRIMARY KEY NOT NULL,
    change            TEXT NOT NULL,
    made_by           TEXT NOT NULL,
    made_at           TIMESTAMPTZ NOT NULL
);

CREATE TABLE scan_themes (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name              TEXT NOT NULL UNIQUE,
    description       TEXT NOT NULL,
    added_in          BIGINT NOT NULL REFERENCES scan_codebook_versions (version),
    retired_in        BIGINT REFERENCES scan_codebook_versions (version)
);

CREATE TABLE scan_interviews (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round_id          BIGINT NOT NULL REFERENCES scan_rounds (id),
    institution_code  TEXT NOT NULL REFERENCES institutions (code),
    held_on           DATE NOT NULL,
    -- Comma-separated role codes of the people interviewed.
    roles             TEXT NOT NULL,
    worked            TEXT NOT NULL,
    not_worked        TEXT NOT NULL,
    recorded_by       TEXT NOT NULL,
    recorded_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (round_id, institution_code)
);

CREATE TABLE scan_actions (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    interview_id      BIGINT NOT NULL REFERENCES scan_interviews (id) ON DELETE CASCADE,
    description       TEXT NOT NULL
);
CREATE INDEX scan_actions_interview ON scan_actions (interview_id, id);

CREATE TABLE scan_action_themes (
    action_id         BIGINT NOT NULL REFERENCES scan_actions (id) ON DELETE CASCADE,
    theme_id          BIGINT NOT NULL REFERENCES scan_themes (id),
    PRIMARY KEY (action_id, theme_id)
);
CREATE INDEX scan_action_themes_theme ON scan_action_themes (theme_id);

CREATE TABLE scan_quotes (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    interview_id      BIGINT NOT NULL REFERENCES scan_interviews (id) ON DELETE CASCADE,
    text              TEXT NOT NULL,
    reviewed_by       TEXT,
    reviewed_at       TIMESTAMPTZ
);
CREATE INDEX scan_quotes_interview ON scan_quotes (interview_id, id);
