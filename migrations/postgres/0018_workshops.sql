-- Issue 15, items 1-3 and 7: the research workshops (onderzoekswerkplaatsen),
-- their design-thinking experiments and the experiment requests of the
-- networks. A workshop is a network of kind 'workshop' with a region (see
-- the SQLite migration of the same number); members may be linked to a user
-- account.
ALTER TABLE networks DROP CONSTRAINT networks_kind_check;
ALTER TABLE networks ADD CONSTRAINT networks_kind_check
    CHECK (kind IN ('knowledge_network', 'ddvdo', 'ibp', 'im', 'hr_directors', 'ibp_circle', 'workshop'));
ALTER TABLE networks ADD COLUMN region TEXT;
ALTER TABLE networks ADD CONSTRAINT networks_region_check
    CHECK ((kind = 'workshop') = (region IS NOT NULL));

ALTER TABLE network_members DROP CONSTRAINT network_members_role_check;
ALTER TABLE network_members ADD CONSTRAINT network_members_role_check
    CHECK (role IN ('chair', 'member', 'teacher', 'adviser', 'researcher', 'educationalist', 'expert'));
ALTER TABLE network_members ADD COLUMN user_id BIGINT REFERENCES users (id);
CREATE INDEX network_members_user ON network_members (user_id);

CREATE TABLE experiments (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
    created_at         TIMESTAMPTZ NOT NULL
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
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    experiment_id  BIGINT NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
    phase          TEXT NOT NULL CHECK (phase IN ('empathise', 'define', 'ideate', 'prototype', 'test')),
    logged_on      DATE NOT NULL,
    done           TEXT NOT NULL,
    learned        TEXT NOT NULL,
    link           TEXT,
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX experiment_log_experiment ON experiment_log (experiment_id, logged_on);
CREATE TABLE experiment_requests (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workshop_id      BIGINT NOT NULL REFERENCES networks (id),
    from_network_id  BIGINT REFERENCES networks (id),
    question         TEXT NOT NULL,
    requested_on     DATE NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined')),
    experiment_id    BIGINT REFERENCES experiments (id),
    reason           TEXT,
    decided_by       TEXT,
    decided_on       DATE,
    created_by       TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    CHECK ((status = 'accepted') = (experiment_id IS NOT NULL)),
    CHECK (status <> 'declined' OR reason IS NOT NULL)
);
CREATE INDEX experiment_requests_workshop ON experiment_requests (workshop_id, id);
