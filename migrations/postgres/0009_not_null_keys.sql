-- Nothing to do on PostgreSQL: its primary keys are NOT NULL already. The
-- SQLite file of this number rebuilds three tables whose TEXT primary keys
-- accepted NULL there (found by tests/app/schema.rs). Kept so both folders
-- have the same versions.
SELECT 1;
