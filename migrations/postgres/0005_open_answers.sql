-- Answers to the instrument's open questions. Shown in reports only for
-- groups of at least MIN_GROUP, and only once the institution's
-- coordinator has reviewed them (`reviewed`), never when hidden because
-- the text identifies someone (`hidden`). A changed text is unreviewed again.
CREATE TABLE response_open (
    response_id  BIGINT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    question_id  TEXT NOT NULL,
    text         TEXT NOT NULL,
    reviewed     BOOLEAN NOT NULL DEFAULT FALSE,
    hidden       BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (response_id, question_id)
);
