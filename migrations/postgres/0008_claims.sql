-- Printed anonymous links are claimed on first use (issue 11): the browser
-- that first opens a printed token gets a fresh token, the invitation keeps
-- only the fresh token's hash (`claimed`), and the printed token's hash
-- moves to `spent_tokens`, so opening the printed card again says it was
-- used instead of opening the survey. Only hashes are stored, as before.
-- (Invitations carry no wave-wide unique e-mail constraint; duplicates are
-- checked per wave and institution in the store.)
ALTER TABLE invitations ADD COLUMN claimed BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE spent_tokens (
    token_hash  TEXT PRIMARY KEY
);
