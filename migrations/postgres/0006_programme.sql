-- Programme management (issue 5): the programme definition's versions,
-- and what happens during the programme: milestone progress, KPI figures
-- entered by hand, budget commitments and spending, phases of the E/F
-- tracks reached, and quarterly steering reports (frozen ones immutable).

CREATE TABLE programme_versions (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    programme   TEXT NOT NULL,
    version     INTEGER NOT NULL,
    source      TEXT NOT NULL,
    saved_by    TEXT NOT NULL,
    saved_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (programme, version)
);

CREATE TABLE milestone_progress (
    programme   TEXT NOT NULL,
    milestone   TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('planned', 'running', 'done')),
    done_on     DATE,
    evidence    TEXT NOT NULL DEFAULT '',
    updated_by  TEXT NOT NULL,
    updated_on  DATE NOT NULL,
    PRIMARY KEY (programme, milestone)
);

CREATE TABLE kpi_entries (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    programme    TEXT NOT NULL,
    kpi          TEXT NOT NULL,
    period       TEXT NOT NULL,
    period_ends  DATE NOT NULL,
    value        DOUBLE PRECISION NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    recorded_by  TEXT NOT NULL,
    recorded_on  DATE NOT NULL
);
CREATE INDEX kpi_entries_kpi ON kpi_entries (programme, kpi);

CREATE TABLE budget_entries (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    programme     TEXT NOT NULL,
    line          TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('commitment', 'actual')),
    booked_on     DATE NOT NULL,
    amount_cents  BIGINT NOT NULL,
    description   TEXT NOT NULL,
    reference     TEXT NOT NULL DEFAULT '',
    entered_by    TEXT NOT NULL,
    entered_on    DATE NOT NULL
);
CREATE INDEX budget_entries_line ON budget_entries (programme, line);

CREATE TABLE track_progress (
    programme   TEXT NOT NULL,
    track       TEXT NOT NULL,
    phase       TEXT NOT NULL,
    reached_on  DATE NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (programme, track, phase)
);

-- Action line F: the experts' advice documents and their conversations
-- with teacher-education organisations (ADEF, Velon, ...).
CREATE TABLE expert_records (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    programme    TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('advice', 'conversation')),
    title        TEXT NOT NULL,
    partner      TEXT NOT NULL DEFAULT '',
    held_on      DATE NOT NULL,
    link         TEXT NOT NULL DEFAULT '',
    summary      TEXT NOT NULL DEFAULT '',
    recorded_by  TEXT NOT NULL,
    recorded_on  DATE NOT NULL
);

CREATE TABLE steering_reports (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    programme    TEXT NOT NULL,
    quarter      TEXT NOT NULL,
    commentary   TEXT NOT NULL DEFAULT '',
    frozen_on    DATE,
    frozen_by    TEXT,
    snapshot     TEXT,
    UNIQUE (programme, quarter)
);

CREATE FUNCTION steering_report_frozen() RETURNS trigger AS $$
BEGIN
    IF OLD.frozen_on IS NOT NULL THEN
        RAISE EXCEPTION 'a frozen steering report cannot change';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER steering_reports_frozen BEFORE UPDATE OR DELETE ON steering_reports
    FOR EACH ROW EXECUTE FUNCTION steering_report_frozen();

-- Reading a wave's completed responses in id order, a thousand at a time
-- (microdata export): without this index SQLite sorts the whole wave for
-- every batch.
CREATE INDEX responses_wave_id ON responses (wave_id, id);
