-- Issue 14, item 3: two-year goals per institution (the PDCA cycle). A goal
-- names a monitor domain or indicator (optionally for one team), the wave
-- its baseline comes from, a target value and the year of the wave that
-- measures it. Its result is computed from the monitor, never stored: the
-- same analysis and disclosure control as the reports. A reflection closes
-- the goal; a follow-up goal points at the goal it continues.
CREATE TABLE policy_goals (
    id                INTEGER PRIMARY KEY,
    institution_code  TEXT NOT NULL REFERENCES institutions (code),
    description       TEXT NOT NULL,
    -- 'domain:<id>' or 'indicator:<id>' of the baseline wave's instrument.
    metric            TEXT NOT NULL,
    unit_id           BIGINT REFERENCES org_units (id),
    baseline_wave_id  BIGINT NOT NULL REFERENCES waves (id),
    target_value      DOUBLE PRECISION NOT NULL CHECK (target_value >= 0 AND target_value <= 100),
    target_year       BIGINT NOT NULL,
    follows_id        BIGINT UNIQUE REFERENCES policy_goals (id),
    created_by        TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    reflection        TEXT,
    reflected_by      TEXT,
    reflected_at      TEXT
);
CREATE INDEX policy_goals_institution ON policy_goals (institution_code, id);
