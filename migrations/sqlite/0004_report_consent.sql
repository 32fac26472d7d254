-- Whether an institution agreed to be named in the sector report; without
-- a row it is anonymous (DESIGN.md, issue 4: "institutions anonymous
-- unless they consented to be named").
CREATE TABLE report_consent (
    institution_code  TEXT PRIMARY KEY REFERENCES institutions (code),
    named             BOOLEAN NOT NULL,
    decided_on        TEXT NOT NULL
);
