-- SQLite lets a TEXT PRIMARY KEY hold NULL unless the column says NOT NULL
-- (a documented legacy quirk); PostgreSQL's primary keys never do. The
-- schema-equality test (tests/app/schema.rs) found three such keys. SQLite
-- cannot add NOT NULL to a column, so each table is rebuilt with the same
-- columns; rows with a NULL key (never written by the code) are dropped.
-- Nothing refers to these tables.

CREATE TABLE report_consent_new (
    institution_code  TEXT NOT NULL PRIMARY KEY REFERENCES institutions (code),
    named             BOOLEAN NOT NULL,
    decided_on        TEXT NOT NULL
);
INSERT INTO report_consent_new (institution_code, named, decided_on)
    SELECT institution_code, named, decided_on FROM report_consent WHERE institution_code IS NOT NULL;
DROP TABLE report_consent;
ALTER TABLE report_consent_new RENAME TO report_consent;

CREATE TABLE secrets_new (
    name   TEXT NOT NULL PRIMARY KEY,
    value  TEXT NOT NULL
);
INSERT INTO secrets_new (name, value) SELECT name, value FROM secrets WHERE name IS NOT NULL;
DROP TABLE secrets;
ALTER TABLE secrets_new RENAME TO secrets;

CREATE TABLE spent_tokens_new (
    token_hash  TEXT NOT NULL PRIMARY KEY
);
INSERT INTO spent_tokens_new (token_hash) SELECT token_hash FROM spent_tokens WHERE token_hash IS NOT NULL;
DROP TABLE spent_tokens;
ALTER TABLE spent_tokens_new RENAME TO spent_tokens;
