-- Disclosure control across combined outputs (issue 11, docs/privacy.md).
--
-- Installation secrets made once at first use, never shown or exported.
-- `cell-key`: the key from which every completed response's record key is
-- derived (record key = SHA-256(secret, response id)); the cell key of a
-- published figure is the sum of its records' keys.
CREATE TABLE secrets (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

-- The order in which anonymous institutions get their letters in a wave's
-- sector report: a random rank per institution, drawn when the institution
-- first appears in that report, so nobody can recompute the letters from
-- the codes.
CREATE TABLE sector_letters (
    wave_id           BIGINT NOT NULL REFERENCES waves (id),
    institution_code  TEXT NOT NULL REFERENCES institutions (code),
    rank              BIGINT NOT NULL,
    PRIMARY KEY (wave_id, institution_code)
);
