-- Monitor: instruments (versioned source text), waves, organisational
-- units, invitations, responses. A response row holds no e-mail, name, IP
-- address or time finer than a date (DESIGN.md, privacy rules).

CREATE TABLE instruments (
    id          TEXT NOT NULL,
    version     TEXT NOT NULL,
    source      TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (id, version)
);

CREATE TABLE waves (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                TEXT NOT NULL UNIQUE,
    instrument_id       TEXT NOT NULL,
    instrument_version  TEXT NOT NULL,
    opens_on            DATE NOT NULL,
    closes_on           DATE NOT NULL,
    state               TEXT NOT NULL CHECK (state IN ('draft', 'open', 'closed', 'archived')),
    created_at          TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (instrument_id, instrument_version) REFERENCES instruments (id, version)
);

CREATE TABLE wave_institutions (
    wave_id           BIGINT NOT NULL REFERENCES waves (id) ON DELETE CASCADE,
    institution_code  TEXT NOT NULL REFERENCES institutions (code),
    PRIMARY KEY (wave_id, institution_code)
);

CREATE TABLE org_units (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    institution_code  TEXT NOT NULL REFERENCES institutions (code),
    name              TEXT NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    UNIQUE (institution_code, name)
);

CREATE TABLE invitations (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    wave_id           BIGINT NOT NULL REFERENCES waves (id),
    institution_code  TEXT NOT NULL REFERENCES institutions (code),
    unit_id           BIGINT REFERENCES org_units (id),
    kind              TEXT NOT NULL CHECK (kind IN ('email', 'link')),
    token_hash        TEXT NOT NULL UNIQUE,
    -- Deleted (set NULL) when the wave closes.
    email             TEXT,
    reminders         BIGINT NOT NULL DEFAULT 0,
    created_on        DATE NOT NULL
);
CREATE INDEX invitations_wave ON invitations (wave_id, institution_code);

CREATE TABLE responses (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    wave_id           BIGINT NOT NULL REFERENCES waves (id),
    institution_code  TEXT NOT NULL REFERENCES institutions (code),
    unit_id           BIGINT REFERENCES org_units (id),
    token_hash        TEXT NOT NULL UNIQUE,
    -- Furthest survey page reached (0 = background questions).
    page              BIGINT NOT NULL DEFAULT 0,
    started_on        DATE NOT NULL,
    completed_on      DATE
);
CREATE INDEX responses_wave ON responses (wave_id, institution_code);

CREATE TABLE response_answers (
    response_id  BIGINT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    item_id      TEXT NOT NULL,
    -- NULL: "n.v.t. / weet ik niet".
    value        BIGINT,
    PRIMARY KEY (response_id, item_id)
);

CREATE TABLE response_background (
    response_id  BIGINT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    question_id  TEXT NOT NULL,
    choice       TEXT NOT NULL,
    PRIMARY KEY (response_id, question_id)
);

-- Outgoing e-mail when no SMTP server is configured (the demo): the
-- programme manager reads it in the UI. Deleted with the wave's e-mail list.
CREATE TABLE outbox (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    wave_id     BIGINT REFERENCES waves (id),
    recipient   TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
