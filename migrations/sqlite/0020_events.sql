-- Issue 16, item 4: knowledge-sharing events ("tenminste twee evenementen
-- waarbij kennisdeling tussen onderwijsprofessionals centraal staat") with
-- public registration, capacity and a waiting list.
--
-- A registration holds what the form asks (name, e-mail, institution) and
-- when consent was given; its cancellation token is stored only as a hash.
-- Registrations are deleted a configurable number of days after the event
-- (networks::events_store::delete_expired_registrations).
CREATE TABLE knowledge_events (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    starts_at   TEXT NOT NULL,
    ends_at     TEXT NOT NULL,
    -- '' when the event is online only; online_url '' when it is not online.
    place       TEXT NOT NULL,
    online_url  TEXT NOT NULL,
    programme   TEXT NOT NULL,
    capacity    BIGINT NOT NULL CHECK (capacity > 0),
    cancelled   BOOLEAN NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CHECK (place <> '' OR online_url <> '')
);
CREATE INDEX knowledge_events_starts ON knowledge_events (starts_at, id);

CREATE TABLE event_registrations (
    id             INTEGER PRIMARY KEY,
    event_id       BIGINT NOT NULL REFERENCES knowledge_events (id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    email          TEXT NOT NULL,
    institution    TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('registered', 'waiting', 'cancelled')),
    token_hash     TEXT NOT NULL UNIQUE,
    consented_at   TEXT NOT NULL,
    registered_at  TEXT NOT NULL,
    cancelled_at   TEXT
);
CREATE INDEX event_registrations_event ON event_registrations (event_id, status, id);

-- One attachment per outgoing message (the event's .ics).
ALTER TABLE outbox ADD COLUMN attachment_name TEXT;
ALTER TABLE outbox ADD COLUMN attachment_type TEXT;
ALTER TABLE outbox ADD COLUMN attachment BLOB;
