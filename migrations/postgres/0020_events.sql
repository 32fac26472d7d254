-- Issue 16, item 4: knowledge-sharing events with public registration,
-- capacity and a waiting list. See the SQLite migration of the same
-- number for the rules.
CREATE TABLE knowledge_events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title       TEXT NOT NULL,
    starts_at   TIMESTAMPTZ NOT NULL,
    ends_at     TIMESTAMPTZ NOT NULL,
    place       TEXT NOT NULL,
    online_url  TEXT NOT NULL,
    programme   TEXT NOT NULL,
    capacity    BIGINT NOT NULL CHECK (capacity > 0),
    cancelled   BOOLEAN NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    CHECK (place <> '' OR online_url <> '')
);
CREATE INDEX knowledge_events_starts ON knowledge_events (starts_at, id);

CREATE TABLE event_registrations (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id       BIGINT NOT NULL REFERENCES knowledge_events (id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    email          TEXT NOT NULL,
    institution    TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('registered', 'waiting', 'cancelled')),
    token_hash     TEXT NOT NULL UNIQUE,
    consented_at   TIMESTAMPTZ NOT NULL,
    registered_at  TIMESTAMPTZ NOT NULL,
    cancelled_at   TIMESTAMPTZ
);
CREATE INDEX event_registrations_event ON event_registrations (event_id, status, id);

ALTER TABLE outbox ADD COLUMN attachment_name TEXT;
ALTER TABLE outbox ADD COLUMN attachment_type TEXT;
ALTER TABLE outbox ADD COLUMN attachment BYTEA;
