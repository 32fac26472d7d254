-- Issue 15, items 1-3 and 7: the research workshops (onderzoekswerkplaatsen),
-- their design-thinking experiments and the experiment requests of the
-- networks.
--
-- A workshop meets like a network: it is a row of `networks` of kind
-- 'workshop' with a region, so members, meetings, attendance, the month
-- grid, the exports and the calendar serve both. Its members get the
-- workshop's roles (onderzoekdocent, onderwijskundige, expert), and a member
-- may be linked to a user account, so an expert records the meetings and
-- experiments of the workshops and networks they belong to (item 7).
--
-- SQLite cannot change a CHECK, so `networks` and `network_members` are
-- rebuilt. Other tables refer to both, and a migration runs inside one
-- transaction, where `PRAGMA foreign_keys = OFF` does nothing; so the
-- foreign keys are deferred to the commit instead: dropping a table counts
-- the rows that refer to it as violations, re-inserting the same ids into a
-- table of the same name resolves them, and the commit checks that none is
-- left. Nothing refers to a table by a new name, so no reference is renamed.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE networks_copy AS SELECT * FROM networks;
DROP TABLE networks;
CREATE TABLE networks (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('knowledge_network', 'ddvdo', 'ibp', 'im', 'hr_directors', 'ibp_circle', 'workshop')),
    name        TEXT NOT NULL UNIQUE,
    started_on  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    region      TEXT,
    CHECK ((kind = 'workshop') = (region IS NOT NULL))
);
INSERT INTO networks (id, kind, name, started_on, created_by, created_at)
    SELECT id, kind, name, started_on, created_by, created_at FROM networks_copy;
DROP TABLE networks_copy;

CREATE TABLE network_members_copy AS SELECT * FROM network_members;
DROP TABLE network_members;
CREATE TABLE network_members (
    id                INTEGER PRIMARY KEY,
    network_id        BIGINT NOT NULL REFERENCES networks (id),
    name              TEXT NOT NULL,
    organisation      TEXT NOT NULL,
    institution_code  TEXT REFERENCES institutions (code),
    role              TEXT NOT NULL CHECK (role IN ('chair', 'member', 'teacher', 'adviser', 'researcher', 'educationalist', 'expert')),
    joined_on         TEXT NOT NULL,
    left_on           TEXT,
    user_id           BIGINT REFERENCES users (id)
);
INSERT INTO network_members (id, network_id, name, organisation, institution_code, role, joined_on, left_on)
    SELECT id, network_id, name, organisation, institution_code, role, joined_on, left_on
    FROM network_members_copy;
DROP TABLE network_members_copy;
CREATE INDEX network_members_network ON network_members (network_id, id);
CREATE INDEX network_members_user ON network_members (user_id);

CREATE TABLE experiments (
    id                 INTEGER PRIMARY KEY,
    workshop_id        BIGINT NOT NULL REFERENCES networks (id),
    title              TEXT NOT NULL,
    question           TEXT NOT NULL,
    theme              TEXT NOT NULL CHECK (theme IN ('ict_competence', 'digital_safety')),
    educationalist_id  BIGINT REFERENCES network_members (id),
    phase              TEXT NOT NULL CHECK (phase IN ('empathise', 'define', 'ideate', 'prototype', 'test')),
    status             TEXT NOT NULL CHECK (status IN ('idea', 'running', 'finished', 'published')),
    results            TEXT,
    conclusions        TEXT,
    created_by         TEXT NOT NULL,
    created_at         TEXT NOT NULL
);
CREATE INDEX experiments_workshop ON experiments (workshop_id, id);
CREATE TABLE experiment_researchers (
    experiment_id  BIGINT NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
    member_id      BIGINT NOT NULL REFERENCES network_members (id),
    PRIMARY KEY (experiment_id, member_id)
);
CREATE TABLE experiment_domains (
    experiment_id  BIGINT NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
    domain         TEXT NOT NULL,
    PRIMARY KEY (experiment_id, domain)
);
CREATE TABLE experiment_log (
    id             INTEGER PRIMARY KEY,
    experiment_id  BIGINT NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
    phase          TEXT NOT NULL CHECK (phase IN ('empathise', 'define', 'ideate', 'prototype', 'test')),
    logged_on      TEXT NOT NULL,
    done           TEXT NOT NULL,
    learned        TEXT NOT NULL,
    link           TEXT,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX experiment_log_experiment ON experiment_log (experiment_id, logged_on);
CREATE TABLE experiment_requests (
    id               INTEGER PRIMARY KEY,
    workshop_id      BIGINT NOT NULL REFERENCES networks (id),
    from_network_id  BIGINT REFERENCES networks (id),
    question         TEXT NOT NULL,
    requested_on     TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined')),
    experiment_id    BIGINT REFERENCES experiments (id),
    reason           TEXT,
    decided_by       TEXT,
    decided_on       TEXT,
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    CHECK ((status = 'accepted') = (experiment_id IS NOT NULL)),
    CHECK (status <> 'declined' OR reason IS NOT NULL)
);
CREATE INDEX experiment_requests_workshop ON experiment_requests (workshop_id, id);
