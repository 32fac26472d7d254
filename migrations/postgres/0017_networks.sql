-- Issue 15, items 4-5: the networks of speerpunten C and D, their members
-- (organisation, role, an mbo institution when they work at one) and their
-- meetings with attendance. A meeting has an owner: `network_id` now; the
-- workshop part adds a nullable `workshop_id` and a CHECK that exactly one
-- of the two is set.
CREATE TABLE networks (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('knowledge_network', 'ddvdo', 'ibp', 'im', 'hr_directors', 'ibp_circle')),
    name        TEXT NOT NULL UNIQUE,
    started_on  DATE NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE TABLE network_members (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id        BIGINT NOT NULL REFERENCES networks (id),
    name              TEXT NOT NULL,
    organisation      TEXT NOT NULL,
    institution_code  TEXT REFERENCES institutions (code),
    role              TEXT NOT NULL CHECK (role IN ('chair', 'member', 'teacher', 'adviser')),
    joined_on         DATE NOT NULL,
    left_on           DATE
);
CREATE INDEX network_members_network ON network_members (network_id, id);
CREATE TABLE meetings (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id  BIGINT REFERENCES networks (id),
    held_on     DATE NOT NULL,
    place       TEXT,
    agenda      TEXT NOT NULL,
    minutes     TEXT,
    created_by  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    CHECK (network_id IS NOT NULL)
);
CREATE INDEX meetings_network ON meetings (network_id, held_on);
CREATE TABLE meeting_attendance (
    meeting_id  BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    member_id   BIGINT NOT NULL REFERENCES network_members (id),
    attendance  TEXT NOT NULL CHECK (attendance IN ('present', 'excused', 'absent')),
    PRIMARY KEY (meeting_id, member_id)
);
